"""yuanqu worker [--once]: the background worker (yuanqu.core.worker) — the task queue and its schedule."""
from django.core.management.base import BaseCommand

from yuanqu.core import worker


class Command(BaseCommand):
    help = "后台任务进程：执行任务队列，并按 YUANQU_SCHEDULE 定时加入任务（如诉求提醒，每15分钟）"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="把定时任务各加入一次，执行完队列后退出（供 cron 或检查用）")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时隔多少秒再查（默认1）")

    def handle(self, *, once, interval, **options):
        tasks = worker.schedule()
        if once:
            for path in tasks:
                worker.enqueue(path)
            worker.queue_worker(batch=True).run()
            return
        minutes = "，".join(f"{path} 每{m:g}分钟" for path, m in tasks.items()) or "无定时任务"
        self.stdout.write(f"后台任务进程已启动（{minutes}）；Ctrl+C 或 SIGTERM 结束")
        scheduler = worker.Scheduler(tasks)
        scheduler.start()
        runner = worker.queue_worker(batch=False, interval=interval)
        runner.configure_signals()
        try:
            runner.run()
        finally:
            scheduler.stop()
