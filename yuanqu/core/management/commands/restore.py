"""yuanqu restore PATH [--force]: load a backup of `yuanqu backup` into a migrated database."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.backup import BackupError
from yuanqu.core.restore import restore


class Command(BaseCommand):
    help = "从备份文件恢复整个数据库（须已 migrate 到备份时的版本；全部成功或不作任何改动）"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="yuanqu backup 写出的备份文件")
        parser.add_argument("--force", action="store_true", help="数据库已有数据时，先清空再恢复（同一事务内）")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, path, force, database, **options):
        started = time.monotonic()
        try:
            manifest = restore(path, force=force, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(self.style.SUCCESS(
            f"已从 {path} 恢复 {len(manifest['tables'])} 张表、{rows} 行"
            f"（备份于 {manifest['created_at']}，来自 {manifest['database']}；用时 {time.monotonic() - started:.1f} 秒）。"
            "所有用户需重新登录。"))
