"""Header aliases: how each field is titled in the workbooks offices really send.

One alias per line; a new alias is one more line. Matching ignores spaces and line breaks, case,
full-width/half-width differences, dash variants (1—本月 = 1-本月 = 1~本月), a month range
(1-8月 = 1-本月), a unit in brackets or at the end ("工业总产值(千元)", "面积/亩": the unit is
read from there) and the qualifiers in IGNORED_QUALIFIERS. A leading year is read as 本年 or
上年 when the period is known ("2023年1-8月" in a 2023 table = "本年1-本月").

Two-row headers: a group cell (GROUPS, e.g. 工业总产值) over role cells (ROLES, e.g.
本年1-本月 / 上年同期1-本月). A flat header that writes both in one cell ("本年工业总产值",
"工业总产值本年1-本月") matches too.
"""

# qualifiers in brackets that do not change the meaning of a header
IGNORED_QUALIFIERS = {
    "当年价格",
    "当年价",
    "现价",
    "现行价格",
    "按现行价格计算",
    "必填",
    "选填",
    "可选",
}

# ---------------------------------------------------------------------------------------------
# Fields shared by several kinds

COMMON = {
    "credit_code": [
        "统一社会信用代码",
        "社会信用代码",
        "信用代码",
        "统一代码",
        "统一社会信用代码组织机构代码",
        "企业统一社会信用代码",
        "法人单位统一社会信用代码",
        "企业信用代码",
    ],
    "enterprise_name": [
        "企业名称",
        "单位名称",
        "单位详细名称",
        "法人单位名称",
        "企业单位名称",
        "企业全称",
        "企业",
    ],
    "park": [
        "所在园区",
        "所属园区",
        "园区",
        "园区名称",
    ],
    "region": [
        "所属行政区",
        "行政区",
        "所属县区",
        "县区",
    ],
    "note": [
        "备注",
        "说明",
    ],
}

# ---------------------------------------------------------------------------------------------
# stats: the bureau's monthly table 规模以上工业企业主要经济指标

STATS_GROUPS = {
    "output": [
        "工业总产值",
        "总产值",
        "工业总产值当年价格",
        "规上工业总产值",
    ],
    "revenue": [
        "营业收入",
        "主营业务收入",
        "营业收入主营业务收入",
        "销售收入",
    ],
    "profit": [
        "利润总额",
        "利润",
        "实现利润",
    ],
    "tax": [
        "税金总额",
        "税金",
        "应交税金",
        "应交税金总额",
        "税收",
        "实缴税金",
        "税金合计",
    ],
    "electricity": [
        "工业用电量",
        "用电量",
        "工业用电",
        "用电",
    ],
    "employees": [
        "从业人员平均人数",
        "从业人员",
        "从业人员平均数",
        "平均用工人数",
        "用工人数",
    ],
}

STATS_ROLES = {
    "cum": [
        "本年1-本月",
        "1-本月",
        "本年累计",
        "本期累计",
        "累计",
        "本年",
        "本期",
        "今年1-本月",
        "本年1-本月累计",
        "1-本月累计",
        "本年实际",
    ],
    "prev_cum": [
        "上年同期1-本月",
        "上年同期",
        "上年同期累计",
        "去年同期",
        "上年1-本月",
        "同期",
        "上年同期1-本月累计",
        "上年",
    ],
    "month": [
        "本月",
        "当月",
        "本年本月",
    ],
    "prev_month": [
        "上年同月",
        "上年本月",
        "去年同月",
        "上年同期本月",
        "上年当月",
    ],
}

# ---------------------------------------------------------------------------------------------
# roster: the enterprise roster, with the 规上 roster of a year

ROSTER = {
    "short_name": [
        "简称",
        "企业简称",
    ],
    "industry_code": [
        "行业代码",
        "国民经济行业代码",
        "行业分类代码",
    ],
    "industry_name": [
        "行业名称",
        "所属行业",
        "行业",
        "行业类别",
    ],
    "land_area_mu": [
        "用地面积",
        "占地面积",
        "土地面积",
    ],
    "legal_representative": [
        "法定代表人",
        "法人代表",
        "法人",
    ],
    "contact": [
        "联系人",
    ],
    "phone": [
        "联系电话",
        "电话",
        "手机",
    ],
    "address": [
        "地址",
        "详细地址",
        "单位地址",
        "企业地址",
    ],
    "established": [
        "成立日期",
        "成立时间",
        "注册日期",
    ],
    "registered_capital": [
        "注册资本",
        "注册资金",
    ],
    "is_treasure": [
        "镇园之宝",
    ],
    "is_listed": [
        "上市企业",
        "是否上市",
    ],
    "is_listing_reserve": [
        "上市后备企业",
        "上市后备",
    ],
    "roster_year": [
        "规上年度",
        "入规年度",
        "名录年度",
        "年度",
    ],
    "joined_month": [
        "纳入月份",
        "入规月份",
    ],
}

# ---------------------------------------------------------------------------------------------
# projects: 重点项目调度表 (annual plan and monthly progress)

PROJECTS = {
    "code": [
        "项目编号",
        "项目代码",
        "项目编码",
        "编号",
    ],
    "name": [
        "项目名称",
    ],
    "owner_code": [
        "业主统一社会信用代码",
        "项目业主统一社会信用代码",
    ],
    "owner_name": [
        "项目业主",
        "业主单位",
        "建设单位",
        "项目单位",
        "实施主体",
        "项目业主企业",
    ],
    "kind": [
        "项目类别",
        "项目类型",
        "类别",
    ],
    "key_level": [
        "重点项目级别",
        "项目级别",
        "级别",
        "重点级别",
    ],
    "total_investment": [
        "总投资",
        "计划总投资",
        "项目总投资",
    ],
    "planned_investment": [
        "年度计划投资",
        "本年计划投资",
        "本年度计划投资",
        "计划投资",
        "年计划投资",
    ],
    "is_continuing": [
        "续建项目",
        "是否续建",
        "建设性质",
    ],
    "plan_start": [
        "计划年内开工",
        "计划新开工",
        "是否计划开工",
        "年内计划开工",
    ],
    "plan_complete": [
        "计划年内竣工",
        "是否计划竣工",
        "年内计划竣工",
    ],
    "plan_production": [
        "计划年内投产",
        "是否计划投产",
        "年内计划投产",
    ],
    "completed_investment_cum": [
        "1-本月完成投资",
        "本年1-本月完成投资",
        "本年累计完成投资",
        "累计完成投资",
        "本年完成投资",
        "完成投资",
        "1-本月累计完成投资",
        "年度累计完成投资",
    ],
    "image_progress": [
        "形象进度",
        "工程形象进度",
        "项目进展",
        "进展情况",
        "建设进度",
    ],
    "problems": [
        "存在问题",
        "存在的困难和问题",
        "困难和问题",
        "问题",
    ],
    "planned_start": [
        "计划开工时间",
        "计划开工日期",
    ],
    "planned_completion": [
        "计划竣工时间",
        "计划竣工日期",
    ],
    "planned_production": [
        "计划投产时间",
        "计划投产日期",
    ],
    "leader_name": [
        "包抓领导",
        "包联领导",
        "联系领导",
        "责任领导",
    ],
    "content": [
        "建设内容",
        "建设内容及规模",
        "建设规模及内容",
        "主要建设内容",
    ],
    "investor": [
        "投资方",
    ],
    "source_region": [
        "投资方来源地",
        "来源地",
    ],
}

# ---------------------------------------------------------------------------------------------
# land: land parcels (土地台账)

LAND = {
    "code": [
        "地块编号",
        "宗地编号",
        "地块代码",
        "宗地代码",
        "编号",
    ],
    "name": [
        "地块名称",
        "坐落",
        "宗地坐落",
        "地块位置",
        "地块名称坐落",
    ],
    "area_mu": [
        "面积",
        "用地面积",
        "宗地面积",
        "地块面积",
        "出让面积",
    ],
    "land_use": [
        "用途",
        "土地用途",
    ],
    "status": [
        "状态",
        "土地状态",
        "利用状态",
    ],
    "approved_date": [
        "批准日期",
        "批准时间",
        "农转用批准日期",
    ],
    "supplied_date": [
        "供地日期",
        "供地时间",
        "出让日期",
        "合同签订日期",
    ],
    "supply_method": [
        "供地方式",
        "供应方式",
    ],
    "agreed_start_date": [
        "约定开工日期",
        "合同约定开工日期",
        "约定开工时间",
    ],
    "actual_start_date": [
        "实际开工日期",
        "开工日期",
        "实际开工时间",
    ],
    "built_date": [
        "建成日期",
        "竣工日期",
    ],
    "stopped_date": [
        "停工日期",
    ],
    "holder_code": [
        "用地单位统一社会信用代码",
        "受让人统一社会信用代码",
    ],
    "holder_name": [
        "用地单位",
        "受让人",
        "土地使用权人",
        "用地企业",
        "用地单位名称",
    ],
    "plot_ratio": [
        "容积率",
    ],
    "developed_area_mu": [
        "已开发面积",
        "已建成面积",
        "已利用面积",
        "已开发建成面积",
    ],
    "agreed_investment": [
        "约定投资",
        "约定投资总额",
        "合同约定投资",
    ],
    "invested_amount": [
        "已完成投资",
        "已投资",
        "累计完成投资",
    ],
    "land_price": [
        "土地价款",
        "出让价款",
        "成交价款",
        "土地出让金",
    ],
    "is_low_efficiency": [
        "低效用地",
        "是否低效用地",
    ],
}

# ---------------------------------------------------------------------------------------------
# buildings: standard factory buildings (标准厂房)

BUILDINGS = {
    "code": [
        "厂房编号",
        "编号",
    ],
    "name": [
        "厂房名称",
        "名称",
    ],
    "parcel_code": [
        "所在地块",
        "地块编号",
        "宗地编号",
    ],
    "is_standard": [
        "标准厂房",
        "是否标准厂房",
    ],
    "floors": [
        "层数",
        "楼层数",
    ],
    "floor_area_m2": [
        "建筑面积",
        "厂房面积",
        "总建筑面积",
    ],
    "let_area_m2": [
        "已出租面积",
        "已入驻面积",
        "入驻面积",
        "已租面积",
        "出租面积",
    ],
    "completed_date": [
        "建成日期",
        "竣工日期",
        "建成时间",
    ],
    "owner_name": [
        "产权单位",
        "建设单位",
        "产权人",
    ],
    "monthly_rent": [
        "月租金",
        "租金",
        "租金标准",
    ],
}

# ---------------------------------------------------------------------------------------------
# revitalization: 盘活处置 actions

REVITALIZATION = {
    "parcel_code": [
        "地块编号",
        "宗地编号",
    ],
    "building_code": [
        "厂房编号",
    ],
    "area_mu": [
        "盘活土地面积",
        "盘活面积亩",
        "盘活用地面积",
        "土地面积",
    ],
    "area_m2": [
        "盘活厂房面积",
        "厂房面积",
        "盘活面积平方米",
    ],
    "date": [
        "盘活日期",
        "处置日期",
        "日期",
    ],
    "method": [
        "盘活方式",
        "处置方式",
        "方式",
    ],
    "enterprise_name": [
        "承接企业",
        "入驻企业",
        "承接企业名称",
    ],
    "credit_code": [
        "承接企业统一社会信用代码",
        "统一社会信用代码",
    ],
}

# ---------------------------------------------------------------------------------------------
# tickets: enterprise problems (诉求台账)

TICKETS = {
    "code": [
        "诉求编号",
        "编号",
        "工单号",
        "工单编号",
    ],
    "title": [
        "诉求标题",
        "诉求事项",
        "问题标题",
        "诉求",
    ],
    "description": [
        "诉求内容",
        "具体诉求",
        "问题描述",
        "具体问题",
    ],
    "category": [
        "诉求类别",
        "问题类别",
        "类别",
    ],
    "source": [
        "来源",
        "诉求来源",
    ],
    "enterprise_name": [
        "企业名称",
        "诉求企业",
    ],
    "department": [
        "承办单位",
        "责任单位",
        "办理单位",
    ],
    "received_date": [
        "受理日期",
        "提出日期",
        "反映日期",
        "受理时间",
    ],
    "deadline": [
        "办理时限",
        "办结时限",
    ],
    "status": [
        "办理状态",
        "状态",
    ],
    "resolution": [
        "办理结果",
        "办理情况",
        "答复意见",
    ],
    "resolved_date": [
        "办结日期",
        "办结时间",
    ],
    "satisfaction": [
        "满意度",
        "企业评价",
    ],
}

# ---------------------------------------------------------------------------------------------
# policies: 惠企政策

POLICIES = {
    "title": [
        "政策名称",
        "文件名称",
        "政策文件",
    ],
    "issuer": [
        "发文单位",
        "发布单位",
        "制定部门",
    ],
    "level": [
        "层级",
        "政策层级",
        "级别",
    ],
    "doc_number": [
        "文号",
        "发文字号",
        "文件编号",
    ],
    "issued_date": [
        "发布日期",
        "印发日期",
        "成文日期",
    ],
    "valid_from": [
        "有效期起",
        "施行日期",
        "生效日期",
    ],
    "valid_to": [
        "有效期止",
        "失效日期",
        "截止日期",
    ],
    "category": [
        "政策类别",
        "类别",
    ],
    "delivery_mode": [
        "兑现方式",
        "享受方式",
    ],
    "audience": [
        "适用对象",
        "支持对象",
    ],
    "summary": [
        "政策要点",
        "主要内容",
        "政策内容",
    ],
}

# ---------------------------------------------------------------------------------------------
# loans: 金融支持

LOANS = {
    "institution": [
        "金融机构",
        "贷款银行",
        "放款机构",
        "银行",
        "贷款机构",
    ],
    "amount": [
        "贷款金额",
        "放款金额",
        "金额",
        "授信金额",
    ],
    "date": [
        "放款日期",
        "贷款日期",
        "发放日期",
    ],
    "term_months": [
        "期限",
        "贷款期限",
        "期限月",
    ],
    "purpose": [
        "用途",
        "贷款用途",
    ],
}

# ---------------------------------------------------------------------------------------------
# labour: workers supplied (用工输送)

LABOUR = {
    "date": [
        "输送日期",
        "到岗日期",
        "日期",
    ],
    "workers": [
        "输送人数",
        "到岗人数",
        "人数",
        "输送员工数",
    ],
    "channel": [
        "渠道",
        "输送渠道",
        "方式",
    ],
}

ALIASES = {
    "stats": {},
    "roster": ROSTER,
    "projects": PROJECTS,
    "land": LAND,
    "buildings": BUILDINGS,
    "revitalization": REVITALIZATION,
    "tickets": TICKETS,
    "policies": POLICIES,
    "loans": LOANS,
    "labour": LABOUR,
}


def aliases_for(kind: str, field: str) -> list[str]:
    """The aliases of `field` in `kind`: the kind's own lines, else the common ones."""
    own = ALIASES.get(kind, {}).get(field)
    if own is not None:
        return own
    return COMMON.get(field, [])
