"""Enterprise service: 工作专员 assignments, visits, and tickets (诉求) with dated status history.

A ticket is routed (交办) to one lead department (牵头) and any assisting ones (协办), each a `TicketRoute`
stating its position (接收 / 拒收 with a reason / 转办); every move is a `TicketEvent`; the reminder
ladder leaves one `Reminder` per (ticket, rung). Writes: services.py; the ladder: ladder.py.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from yuanqu.core.models import DateField, TimeStamped, validate_date


class Assignment(models.Model):
    """A commissioner (工作专员) assigned to an enterprise or a project for a period."""

    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="工作专员", on_delete=models.PROTECT,
                                     related_name="assignments")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="assignments")
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="assignments")
    start_date = DateField("开始日期")
    end_date = DateField("结束日期", null=True, blank=True)
    note = models.CharField("备注", max_length=255, blank=True)

    class Meta:
        verbose_name = "专员包联"
        verbose_name_plural = "专员包联"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(enterprise__isnull=False) | models.Q(project__isnull=False),
                                   name="assignment_has_target",
                                   violation_error_message="包联对象须为企业或项目"),
        ]

    def __str__(self):
        return f"{self.commissioner} → {self.enterprise or self.project}"


class Visit(models.Model):
    class Kind(models.TextChoices):
        NEEDS = "needs", "访企问需"
        EFFECT = "effect", "访企问效"
        INTEGRITY = "integrity", "访企问廉"

    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT,
                                     related_name="visits")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="visits")
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="visits")
    date = DateField("走访日期")
    kind = models.CharField("走访类型", max_length=16, choices=Kind.choices)
    summary = models.TextField("走访情况", blank=True)

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.enterprise or self.project}"


class TicketCategory(models.Model):
    code = models.CharField("类别代码", max_length=32, unique=True)
    name = models.CharField("类别名称", max_length=32)
    default_department = models.ForeignKey("org.Department", verbose_name="默认承办单位", null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+")
    deadline_workdays = models.PositiveSmallIntegerField(
        "办理时限（工作日）", null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="交办后多少个工作日内办结；不填则按规则 ticket_deadline_workdays")
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "诉求类别"
        verbose_name_plural = "诉求类别"
        ordering = ["sort", "code"]

    def __str__(self):
        return self.name


class TicketStatus(models.TextChoices):
    RECEIVED = "received", "受理"
    ASSIGNED = "assigned", "交办"
    HANDLING = "handling", "办理"
    RESOLVED = "resolved", "办结"
    CLOSED = "closed", "销号"


OPEN_STATUSES = (TicketStatus.RECEIVED, TicketStatus.ASSIGNED, TicketStatus.HANDLING)
DONE_STATUSES = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


class TicketQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region.within_q())

    def not_resolved(self):
        """Not 办结 (nor 销号): the reminder ladder runs on these."""
        return self.filter(status__in=OPEN_STATUSES)

    def closed_between(self, start, end):
        """Tickets resolved (办结 or 销号) with a resolution date in [start, end]."""
        return self.filter(resolved_date__gte=start, resolved_date__lte=end)


class Ticket(TimeStamped):
    class Source(models.TextChoices):
        VISIT = "visit", "走访收集"
        ENTERPRISE = "enterprise", "企业自报"
        HOTLINE = "hotline", "热线"
        DISPATCH = "dispatch", "调度会"
        COMMISSIONER = "commissioner", "专员上报"
        PARK = "park", "园区受理"

    class Satisfaction(models.IntegerChoices):
        UNSATISFIED = 1, "不满意"
        BASIC = 2, "基本满意"
        SATISFIED = 3, "满意"

    class Confirmation(models.TextChoices):
        ENTERPRISE = "enterprise", "企业确认"
        COMMISSIONER = "commissioner", "工作专员代企业确认"

    code = models.CharField("诉求编号", max_length=32, unique=True)
    title = models.CharField("诉求标题", max_length=128)
    description = models.TextField("诉求内容", blank=True)
    region = models.ForeignKey("org.Region", verbose_name="所属行政区", on_delete=models.PROTECT,
                               related_name="tickets")
    category = models.ForeignKey(TicketCategory, verbose_name="诉求类别", on_delete=models.PROTECT,
                                 related_name="tickets")
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.VISIT)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="tickets")
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="tickets")
    department = models.ForeignKey("org.Department", verbose_name="牵头单位", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="tickets",
                                   help_text="当前牵头承办的单位（随交办、转办更新）")
    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="工作专员", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="tickets")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    progress = models.ForeignKey("projects.Progress", verbose_name="来源月度调度", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="tickets",
                                 help_text="由项目月度进度的“存在问题”转来时")
    received_date = DateField("受理日期")
    assigned_date = DateField("交办日期", null=True, blank=True, help_text="首次交办日期：提醒从此日起按工作日计")
    deadline = DateField("办理时限", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=TicketStatus.choices, default=TicketStatus.RECEIVED)
    resolution = models.TextField("办理结果", blank=True)
    resolved_date = DateField("办结日期", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度", choices=Satisfaction.choices, null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(3)])
    confirmation = models.CharField("销号确认", max_length=16, choices=Confirmation.choices, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    stalled = models.BooleanField("长期未办结", default=False, help_text="交办满规定工作日仍未办结时由提醒阶梯标记")

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = "企业诉求"
        verbose_name_plural = "企业诉求"
        ordering = ["-received_date", "code"]
        indexes = [models.Index(fields=["region", "status"]), models.Index(fields=["resolved_date"])]

    def __str__(self):
        return f"{self.code} {self.title}"


class TicketEventQuerySet(models.QuerySet):
    def ratings(self):
        """The enterprise's evaluations: each 销号 with its rating and each 不满意 that reopened a ticket."""
        return self.filter(satisfaction__isnull=False)

    def dated_between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class TicketEvent(models.Model):
    class Action(models.TextChoices):
        RAISE = "raise", "受理"
        ASSIGN = "assign", "交办"
        ACCEPT = "accept", "接收"
        REFUSE = "refuse", "拒收"
        TRANSFER = "transfer", "转办"
        RETURN = "return", "退回"
        RESOLVE = "resolve", "办结"
        CLOSE = "close", "销号"
        REOPEN = "reopen", "不满意重办"

    ticket = models.ForeignKey(Ticket, verbose_name="诉求", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("办理环节", max_length=16, choices=Action.choices)
    status = models.CharField("办理后状态", max_length=16, choices=TicketStatus.choices)
    date = DateField("办理日期", help_text="实际办理的日期，可早于登记日期，不晚于登记当天")
    at = models.DateTimeField("时间", validators=[validate_date])
    recorded_at = models.DateTimeField("登记时间", default=timezone.now, validators=[validate_date])
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey("org.Department", verbose_name="承办单位", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("处理意见", blank=True)
    satisfaction = models.PositiveSmallIntegerField("企业评价", choices=Ticket.Satisfaction.choices, null=True,
                                                    blank=True, validators=[MinValueValidator(1), MaxValueValidator(3)])

    objects = TicketEventQuerySet.as_manager()

    class Meta:
        verbose_name = "诉求办理记录"
        verbose_name_plural = "诉求办理记录"
        ordering = ["ticket", "at", "id"]
        indexes = [models.Index(fields=["date"], name="ticketevent_date")]

    def __str__(self):
        return f"{self.ticket.code} {self.get_action_display()} {self.date:%Y-%m-%d}"


class TicketRouteQuerySet(models.QuerySet):
    def current(self):
        """The routes of the present routing (a 退回 or a new 交办 retires the others)."""
        return self.filter(current=True)

    def live(self):
        """Current routes still standing: waiting for a position, or accepted."""
        return self.filter(current=True, position__in=(TicketRoute.Position.PENDING, TicketRoute.Position.ACCEPTED))


class TicketRoute(models.Model):
    """One department a ticket is routed to, as lead (牵头) or assisting (协办), and its position."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头"
        ASSIST = "assist", "协办"

    class Position(models.TextChoices):
        PENDING = "pending", "待表态"
        ACCEPTED = "accepted", "接收"
        REFUSED = "refused", "拒收"
        TRANSFERRED = "transferred", "转办"

    ticket = models.ForeignKey(Ticket, verbose_name="诉求", on_delete=models.CASCADE, related_name="routes")
    department = models.ForeignKey("org.Department", verbose_name="承办单位", on_delete=models.PROTECT,
                                   related_name="ticket_routes")
    role = models.CharField("承办方式", max_length=8, choices=Role.choices)
    position = models.CharField("表态", max_length=12, choices=Position.choices, default=Position.PENDING)
    reason = models.TextField("理由", blank=True, help_text="拒收或转办的理由")
    assigned_on = DateField("交办日期")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="交办人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    decided_on = DateField("表态日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="表态人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    transferred_from = models.ForeignKey("self", verbose_name="转自", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="transfers")
    current = models.BooleanField("当前承办", default=True)

    objects = TicketRouteQuerySet.as_manager()

    class Meta:
        verbose_name = "诉求承办单位"
        verbose_name_plural = "诉求承办单位"
        ordering = ["ticket", "-current", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "department"], condition=models.Q(current=True),
                                    name="ticketroute_one_current_per_department",
                                    violation_error_message="同一单位在本次交办中只能出现一次"),
        ]

    def __str__(self):
        return f"{self.ticket.code} {self.get_role_display()} {self.department}（{self.get_position_display()}）"


class UnitHead(models.Model):
    """Who heads a department for the reminder ladder (部门负责人: the rung after the handler)."""

    department = models.OneToOneField("org.Department", verbose_name="承办单位", on_delete=models.CASCADE,
                                      related_name="ticket_head")
    head = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", on_delete=models.CASCADE,
                             related_name="+")

    class Meta:
        verbose_name = "承办单位负责人"
        verbose_name_plural = "承办单位负责人"
        ordering = ["department"]

    def __str__(self):
        return f"{self.department}：{self.head}"


class Reminder(models.Model):
    """A rung of the reminder ladder that fired for a ticket: at most one per (ticket, rung)."""

    class Rung(models.TextChoices):
        HANDLER = "handler", "提醒承办人"
        DEADLINE = "deadline", "到期提醒承办人"
        HEAD = "head", "提醒部门负责人"
        LEADER = "leader", "督办（县领导）"
        STALLED = "stalled", "标记长期未办结"

    ticket = models.ForeignKey(Ticket, verbose_name="诉求", on_delete=models.CASCADE, related_name="reminders")
    rung = models.CharField("提醒级别", max_length=12, choices=Rung.choices)
    due_date = DateField("应提醒日期")
    workdays = models.PositiveSmallIntegerField("交办后工作日数")
    fired_at = models.DateTimeField("提醒时间")
    recipients = models.TextField("接收人", blank=True)

    class Meta:
        verbose_name = "诉求提醒"
        verbose_name_plural = "诉求提醒"
        ordering = ["ticket", "due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["ticket", "rung"], name="reminder_once_per_rung")]

    def __str__(self):
        return f"{self.ticket.code} {self.get_rung_display()} {self.due_date:%Y-%m-%d}"
