from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (demo installations only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not (settings.DEBUG and settings.SIGAP_DEMO):
            raise CommandError("demo_totp runs only with DEBUG=1 and SIGAP_DEMO=1")
        device = TOTPDevice.objects.filter(user__username=username, user__is_demo=True, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username!r} is not an enrolled demo account")
        self.stdout.write(f"{totp(device.bin_key, step=device.step, digits=device.digits, t0=device.t0):06d}")
