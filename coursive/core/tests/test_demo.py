"""Every demo command refuses to run on a production instance, before it reads or writes anything."""

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

# `demo_logins` only prints the demo accounts demo_load would have made; it writes nothing.
READ_ONLY = {"demo_logins"}
DEMO_COMMANDS = sorted(name for name in get_commands() if name.startswith("demo_") and name not in READ_ONLY)


def test_every_app_with_demo_data_has_its_command_checked():
    assert {"demo_load", "demo_premises", "demo_invoicing", "demo_notices"} <= set(DEMO_COMMANDS)


@pytest.mark.django_db
@pytest.mark.parametrize("command", DEMO_COMMANDS)
def test_a_demo_command_refuses_in_production(settings, django_assert_num_queries, command):
    settings.PRODUCTION = True

    with django_assert_num_queries(0), pytest.raises(CommandError, match="COURSIVE_ENV=production"):
        call_command(command)
