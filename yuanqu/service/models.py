"""Enterprise service: 工作专员 assignments, visits, and tickets (诉求) with dated status history."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

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


class TicketQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region.within_q())

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

    class Satisfaction(models.IntegerChoices):
        UNSATISFIED = 1, "不满意"
        BASIC = 2, "基本满意"
        SATISFIED = 3, "满意"

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
    department = models.ForeignKey("org.Department", verbose_name="承办单位", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="tickets")
    commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="工作专员", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="tickets")
    received_date = DateField("受理日期")
    deadline = DateField("办理时限", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=TicketStatus.choices, default=TicketStatus.RECEIVED)
    resolution = models.TextField("办理结果", blank=True)
    resolved_date = DateField("办结日期", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度", choices=Satisfaction.choices, null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(3)])

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = "企业诉求"
        verbose_name_plural = "企业诉求"
        ordering = ["-received_date", "code"]
        indexes = [models.Index(fields=["region", "status"]), models.Index(fields=["resolved_date"])]

    def __str__(self):
        return f"{self.code} {self.title}"


class TicketEvent(models.Model):
    ticket = models.ForeignKey(Ticket, verbose_name="诉求", on_delete=models.CASCADE, related_name="events")
    status = models.CharField("状态", max_length=16, choices=TicketStatus.choices)
    at = models.DateTimeField("时间", validators=[validate_date])
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey("org.Department", verbose_name="承办单位", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("处理意见", blank=True)

    class Meta:
        verbose_name = "诉求办理记录"
        verbose_name_plural = "诉求办理记录"
        ordering = ["ticket", "at", "id"]

    def __str__(self):
        return f"{self.ticket.code} {self.get_status_display()} {self.at:%Y-%m-%d}"
