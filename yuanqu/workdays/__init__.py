"""Working days (工作日) on the Chinese calendar, for the whole platform (DOMAIN.md §13).

calendar.py   the one module that answers: is_workday, add_workdays, workdays_between, known_years
models.py     the holiday table an administrator extends when the State Council publishes a year
              (HolidayYear: a year's notice, which makes the year known; HolidayArrangement: its days)
management/commands/workdays.py   `yuanqu workdays DATE N` and `yuanqu workdays --year YYYY`
"""
