"""What an import kind declares: its columns (with their header aliases), the rows it references,
the models it writes, and its checks. One subclass of `Kind` per module in kinds/.

    class Labour(Kind):
        name, label, title, note = "labour", "用工输送", "企业用工输送台账", "每次输送：企业、日期、人数"
        columns = [common.CREDIT_CODE, Column("workers", "输送人数", V.Number("people", integer=True),
                                               aliases=("到岗人数",), required=True, needed=True)]
        refs = [common.enterprise_ref()]
        targets = [Target("factors.LabourSupply", key=("enterprise_id", "date"),
                          fields={"enterprise_id": "enterprise", "workers": "workers"})]

        def check(self, run): ...   # errors and warnings with the database in view
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable

from . import values as V


class _Skip:
    def __repr__(self):
        return "SKIP"


SKIP = _Skip()  # a field source returning SKIP leaves the field alone


class RowProblem(Exception):
    """Raised by a field source: an error on this row (at a column, when given)."""

    def __init__(self, text: str, col: str | None = None, code: str = "row"):
        super().__init__(text)
        self.text, self.col, self.code = text, col, code


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    parser: V.Parser
    aliases: tuple[str, ...] = ()  # other headers meaning this column (the label is one too)
    required: bool = False  # the column must be in the file
    needed: bool = False  # when the column is there, each row must have a value
    past: bool = False  # a date that must not be after today (an event that happened)
    sample: Any = None  # the template's sample value
    template: bool = True  # shown in the blank template
    total: bool = True  # a number checked against the 合计 row
    group: str | None = None  # two-row header: the group (Kind.groups) and role (Kind.roles) it is under
    role: str | None = None

    def but(self, **changes) -> Column:
        return dataclasses.replace(self, **changes)

    @property
    def is_number(self) -> bool:
        return isinstance(self.parser, V.Number)


@dataclass(frozen=True)
class Ref:
    """A row of another model named by one or more columns, in priority order.

    by: ((column, (model fields …)), …): the first column is the key-like one (credit code, project
    code); later ones (names) must name the same row when given (full-width and spaces ignored).
    missing: "error" (unknown → an error), "create" (unknown → a target creates it), "keep" (None).
    strict: the first column given but unknown while a later one names a row is an error (a credit
    code that is not the named firm's).
    within: the run → filters of the rows looked up (a park within the run's county).
    everywhere: columns looked up in the whole installation even so (a firm's credit code is
    unique everywhere); a row they find outside `within` is an error (a firm of another county).
    """

    name: str
    model: str
    by: tuple[tuple[str, tuple[str, ...]], ...]
    label: str
    required: bool = False
    missing: str = "error"
    strict: bool = True
    hint: str = ""  # appended to "unknown" messages: how to add the row
    within: Callable | None = None
    everywhere: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [c for c, _ in self.by]


@dataclass(frozen=True)
class Obj:
    """The pk of this row's object in an earlier target (by position): the roster's RosterEntry
    points at the Enterprise the same row writes."""

    target: int


@dataclass(frozen=True)
class Target:
    """A model written from each row: its key, and each field's source: a column or ref name, an
    `Obj`, or a function (row, run) → value (SKIP leaves the field alone; RowProblem is an error)."""

    model: str
    key: tuple[str, ...]
    fields: dict[str, Any]
    defaults: dict[str, Any] = field(default_factory=dict)  # only when creating
    label: str = ""
    create: bool = True
    update: bool = True
    when: tuple[str, ...] = ()  # only when one of these columns is in the file
    require_on_create: tuple[str, ...] = ()  # columns a new row must have a value in
    present_if: str | None = None  # a 是/否 column: a row saying 否 holds none (a stored one is removed)


@dataclass(frozen=True)
class Links:
    """A many-to-many field of a target's rows, set from a column naming several rows (a `values.Names`
    column): 所属产业链 → Enterprise.chains. The row's links become those named (the stored ones
    replaced; blank: none); a name that is no row `within` allows is an error naming those there are.
    See links.py."""

    target: int  # the target (by position) whose rows hold the field
    field: str  # the ManyToManyField's name
    column: str
    model: str  # the linked model
    by: tuple[str, ...]  # its fields a name may be (name, short name)
    label: str
    within: Callable | None = None


class Kind:
    """One import kind. Subclasses (one module each in kinds/) set the attributes and may override
    `check`; the engine's stages read nothing else of them."""

    name = ""  # the --kind name
    label = ""  # 数据类别, e.g. 月度统计
    title = ""  # the table's title in templates, e.g. 规模以上工业企业主要经济指标
    note = ""  # what the kind imports, for templates and help
    order = 100  # position in lists of kinds
    period: str | None = None  # "month", "year" or None
    period_optional_if: tuple[str, ...] = ()  # no period needed when one of these columns is there
    columns: list[Column] = []
    refs: list[Ref] = []
    targets: list[Target] = []
    links: list[Links] = []  # many-to-many fields set from a column (links.py)
    row_key: tuple[str, ...] = ()  # refs or columns that must be unique in the file
    row_label: tuple[str, ...] = ()  # columns naming a row in messages and diffs
    required_any: tuple[tuple[str, ...], ...] = ()  # at least one column of each group in the file
    groups: dict[str, tuple[str, ...]] = {}  # two-row header: group → its headers
    roles: dict[str, tuple[str, ...]] = {}  # two-row header: role → its headers
    creates_enterprises = False

    def __init__(self):
        self.by_name = {c.name: c for c in self.columns}
        self.ref_by_name = {r.name: r for r in self.refs}

    def check(self, run) -> None:
        """Errors and warnings about the rows with the database in view (run.error, run.warning)."""

    def aliases(self, col: Column) -> list[str]:
        return [col.label, *col.aliases]

    def header_of(self, col: Column) -> str:
        if col.group:
            return f"{self.groups[col.group][0]}（{self.roles[col.role][0]}）"
        return col.label

    def __repr__(self):
        return f"<Kind {self.name}>"
