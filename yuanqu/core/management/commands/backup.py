"""yuanqu backup PATH [--keep N]: every table of the installation into one file (yuanqu.core.backup)."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yuanqu.core.backup import BackupError, prune, target, write_backup


class Command(BaseCommand):
    help = "备份整个数据库到一个文件（zip：每张表一个 JSON Lines 文件和一份清单），可在 SQLite 与 PostgreSQL 之间恢复"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="备份文件路径；给出目录时按时间命名（yuanqu-年月日-时分秒.zip）")
        parser.add_argument("--keep", type=int, metavar="N",
                            help="PATH 为目录时，只保留最新的 N 份备份，删除更早的")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, path, keep, database, **options):
        if keep is not None and (keep < 1 or not path.is_dir()):
            raise CommandError("--keep 须为正整数，且 PATH 须为目录")
        started, file = time.monotonic(), target(path)
        try:
            manifest = write_backup(file, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(self.style.SUCCESS(
            f"已备份 {len(manifest['tables'])} 张表、{rows} 行到 {file}"
            f"（{file.stat().st_size / 1e6:.1f} MB，用时 {time.monotonic() - started:.1f} 秒）。"))
        for old in prune(path, keep) if keep else ():
            self.stdout.write(f"已删除较早的备份 {old}")
