from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, USERS


class Command(BaseCommand):
    help = "Print the demo logins (e-mail, password, role)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"  Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        width = max(len(user.email) for user in USERS)
        for user in USERS:
            self.stdout.write(f"    {user.email:<{width}}  {user.what}")
