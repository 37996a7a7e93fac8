def test_a_month_alone_is_its_latest_occurrence_known_to_the_month():
    from datetime import date

    from bot.understand.dates import find_dates

    found = find_dates("In the attack on Ogossagou in March, militiamen killed 150 villagers.", date(2020, 2, 15), None)
    assert [(d.value, d.precision) for d in found] == [(date(2019, 3, 1), 3)]
    assert find_dates("They may attack again.", date(2020, 2, 15), None) == []
