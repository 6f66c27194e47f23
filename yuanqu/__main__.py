"""The `yuanqu` command: Django's management commands under the product's name.

    yuanqu migrate
    yuanqu demo
    yuanqu runserver
"""
import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "yuanqu"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
