"""yuanqu demo [--scale county|province] [--reset]: build the demo data (idempotent)."""
import time

from django.core.management.base import BaseCommand

from yuanqu.accounts.models import User
from yuanqu.demo import county, province
from yuanqu.demo.org import DEMO_PASSWORD, LOGIN_USERS


class Command(BaseCommand):
    help = "生成演示数据：示例县（默认），或 --scale province 生成省级规模的压力测试数据"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=("county", "province"), default="county",
                            help="county：示例县（与2023年8月汇报材料一致）；province：演示省（30个县、150个园区）")
        parser.add_argument("--reset", action="store_true", help="先删除已有的演示数据再重新生成")

    def handle(self, *args, scale, reset, **options):
        started = time.monotonic()
        if scale == "province":
            built, summary = province.ensure_province(reset=reset)
            self._report(built, "演示省", time.monotonic() - started)
            self.stdout.write(summary)
            return
        region, built = county.ensure_county(reset=reset)
        self._report(built, region.name, time.monotonic() - started)
        self._accounts()

    def _report(self, built: bool, name: str, seconds: float) -> None:
        if built:
            self.stdout.write(self.style.SUCCESS(f"{name}演示数据已生成，用时{seconds:.1f}秒。"))
        else:
            self.stdout.write(f"{name}演示数据已存在且完整，未作改动（如需重建请加 --reset）。")

    def _accounts(self) -> None:
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}；后台 /admin/ 仅 admin 可用）：")
        names = dict(User.Role.choices)
        for username, role, display, title, _ in LOGIN_USERS:
            self.stdout.write(f"  {username:<14}{names[role]}：{display}（{title}）")
