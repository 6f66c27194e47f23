"""Fictitious Chinese names: enterprises, people, phone numbers. Deterministic given the rng."""
from __future__ import annotations

import random

BRAND_FIRST = "鑫华恒宏瑞金天聚永德博嘉众兴盛祥丰润正安同汇昌荣佳卓鼎福泰源达锦乾坤隆凯远新创科川蜀巴宇"
BRAND_SECOND = "泰达源盛丰润发鑫和兴辉诚信益康通宇宁顺隆晟昊翔瑞邦晖峰成华美利强鸿亿"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢唐冯邓曹彭曾蒋蔡袁"
GIVEN = "建国伟华明军平刚勇静丽敏强磊洋艳杰涛超娟霞秀英芳兰志红春梅文斌浩宇晨欣婷鑫凯"

# Industry of a chain segment or of a non-chain trade: (GB/T 4754 code, name, name endings).
TRADES = {
    "textile.fabric": ("C1713", "棉印染精加工", ["纺织", "印染", "面料"]),
    "textile.accessories": ("C1952", "皮鞋制造", ["鞋材", "皮革制品", "服装辅料"]),
    "textile.garment": ("C1810", "机织服装制造", ["服饰", "制衣", "服装"]),
    "textile.shoes": ("C1951", "纺织面料鞋制造", ["鞋业", "制鞋"]),
    "textile.brand": ("F5132", "服装批发", ["鞋服贸易", "服饰电子商务"]),
    "food.farming": ("A0141", "蔬菜种植", ["农业开发", "生态农业"]),
    "food.grain": ("C1311", "稻谷加工", ["米业", "粮油"]),
    "food.prepared": ("C1439", "其他方便食品制造", ["食品", "预制菜"]),
    "food.seasoning": ("C1469", "其他调味品、发酵制品制造", ["调味品", "酿造"]),
    "food.coldchain": ("G5432", "冷藏车道路运输", ["冷链物流", "供应链管理"]),
    "battery.anode": ("C3985", "电子专用材料制造", ["新材料", "碳素材料"]),
    "battery.separator": ("C2929", "塑料零件及其他塑料制品制造", ["隔膜材料", "新能源材料"]),
    "battery.cell": ("C3841", "锂离子电池制造", ["新能源科技", "电池"]),
    "battery.casing": ("C3399", "其他未列明金属制品制造", ["精密制造", "精密结构件"]),
    "battery.pack": ("C3849", "其他电池制造", ["储能科技", "能源科技"]),
    "building.aggregate": ("B1019", "其他土砂石开采", ["砂石", "矿业"]),
    "building.wall": ("C3031", "粘土砖瓦及建筑砌块制造", ["新型墙材", "建材"]),
    "building.concrete": ("C3021", "水泥制品制造", ["混凝土", "建材"]),
    "building.prefab": ("C3022", "砼结构构件制造", ["装配式建筑科技", "建筑科技"]),
    "other.machinery": ("C3490", "其他通用设备制造业", ["机械", "智能装备"]),
    "other.electronics": ("C3989", "其他电子元件制造", ["电子", "电子科技"]),
    "other.furniture": ("C2110", "木质家具制造", ["家具", "家居"]),
    "other.plastics": ("C2927", "日用塑料制品制造", ["塑业", "塑胶"]),
    "other.pharma": ("C2740", "中成药生产", ["药业", "生物科技"]),
    "other.packaging": ("C2231", "纸和纸板容器制造", ["包装", "纸业"]),
    "other.printing": ("C2319", "包装装潢及其他印刷", ["印务", "彩印"]),
}
OTHER_TRADES = [k for k in TRADES if k.startswith("other.")]


class Namer:
    """Hands out unique brand names (字号) and plausible people, places and phone numbers."""

    def __init__(self, rng: random.Random, place: str):
        self.rng = rng
        self.place = place
        self.used: set[str] = set()

    def brand(self) -> str:
        for _ in range(10000):
            name = self.rng.choice(BRAND_FIRST) + self.rng.choice(BRAND_SECOND)
            if name[0] != name[1] and name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("brand names exhausted")

    def enterprise(self, trade: str) -> tuple[str, str]:
        """(full name, short name), e.g. ("示例县鑫泰鞋业有限公司", "鑫泰鞋业")."""
        brand = self.brand()
        ending = self.rng.choice(TRADES[trade][2])
        suffix = self.rng.choice(["有限公司", "有限公司", "有限责任公司", "股份有限公司"])
        return f"{self.place}{brand}{ending}{suffix}", f"{brand}{ending}"

    def person(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def mobile(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randint(0, 9)}{self.rng.randint(10000000, 99999999)}"

    def address(self, area: str) -> str:
        road = self.rng.choice(["纬一路", "纬二路", "经三路", "工业大道", "园区大道", "兴业路", "创业路", "振兴路"])
        return f"{self.place}{area}{road}{self.rng.randint(1, 199)}号"
