from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.notifications.services import notify
from lead.users import services
from lead.users.forms import PasswordForm, RecoveryCodeForm, SignInForm, TokenForm
from lead.users.middleware import LAST_SEEN_AT, SIGNED_IN_AT

Kind = AccessEvent.Kind
Outcome = AccessEvent.Outcome
NEXT_URL = "lead_next_url"


@sensitive_post_parameters("password")
def sign_in(request):
    if request.user.is_authenticated and (request.user.is_verified() or not settings.LEAD_TWO_FACTOR):
        return redirect("home")
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            return _signed_in(request, form.get_user())
        username = request.POST.get("username", "")
        hostile = form.hostile_fields()
        # Characters no keyboard types (NUL, a broken encoding): an attack, logged as one. The
        # username reaches the log with those characters spelled out (access_event_record).
        detail = f"hostile input in: {', '.join(hostile)}" if hostile else ""
        if getattr(request, "axes_locked_out", False):
            # AxesMiddleware replaces this response with the lockout page.
            access_event_record(
                request=request, kind=Kind.LOCKED_OUT, outcome=Outcome.DENIED, username=username, detail=detail
            )
        else:
            access_event_record(
                request=request, kind=Kind.SIGN_IN_FAILED, outcome=Outcome.DENIED, username=username, detail=detail
            )
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


def _signed_in(request, user):
    next_url = request.GET.get("next", "")
    login(request, user)  # a new session key: no session fixation
    now = timezone.now().isoformat()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        request.session[NEXT_URL] = next_url
    access_event_record(request=request, kind=Kind.SIGN_IN, user=user)
    if not settings.LEAD_TWO_FACTOR:
        return _continue(request)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:verify")
    return redirect("accounts:enroll")


def _continue(request):
    return redirect(request.session.pop(NEXT_URL, None) or "home")


def enroll(request):
    """First sign-in: connect an authenticator app, then prove it works with one code."""
    if not settings.LEAD_TWO_FACTOR or request.user.is_verified():
        return redirect("home")
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:verify")
    device = services.totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid() and not _throttled(form, device):
        if services.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            access_event_record(request=request, kind=Kind.TWO_FACTOR_ENROLLED, obj=request.user)
            messages.success(
                request, "Two-factor sign-in is set up. You will be asked for a code each time you sign in."
            )
            return _continue(request)
        form.add_error("token", "That code did not match. Check the time on your phone and try the newest code.")
        access_event_record(request=request, kind=Kind.TWO_FACTOR_FAILED, outcome=Outcome.DENIED, detail="enrolment")
    context = {
        "form": form,
        "qr_code": services.totp_qr_data_uri(device),
        "secret": services.totp_secret(device),
    }
    return render(request, "accounts/enroll.html", context)


def verify(request):
    """The code from the authenticator app, or one of the user's recovery codes (a lost phone)."""
    if not settings.LEAD_TWO_FACTOR or request.user.is_verified():
        return redirect("home")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:enroll")
    recovery = services.recovery_device(request.user)
    if request.method == "POST" and "recovery_code" in request.POST:
        return _verify_recovery_code(request, recovery)
    form = TokenForm(request.POST or None)
    if form.is_valid() and not _throttled(form, device):
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            access_event_record(request=request, kind=Kind.TWO_FACTOR_PASSED)
            return _continue(request)
        form.add_error("token", "That code did not match. Wait for a new code and try again.")
        access_event_record(request=request, kind=Kind.TWO_FACTOR_FAILED, outcome=Outcome.DENIED)
    return render(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "token_form": form,
            "recovery_form": RecoveryCodeForm(),
            "has_recovery_codes": recovery is not None,
        },
    )


def _verify_recovery_code(request, recovery):
    form = RecoveryCodeForm(request.POST)
    if recovery is None:
        form.is_valid()
        form.add_error(
            "recovery_code", "You have no recovery codes. Ask your site administrator to reset two-factor sign-in."
        )
    elif form.is_valid() and not _throttled(form, recovery, "recovery_code"):
        if recovery.verify_token(form.cleaned_data["recovery_code"]):  # deletes the code used
            return _recovered(request, recovery)
        form.add_error("recovery_code", "That recovery code is not right, or it was used before.")
    access_event_record(request=request, kind=Kind.TWO_FACTOR_FAILED, outcome=Outcome.DENIED, detail="recovery code")
    return render(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "token_form": TokenForm(),
            "recovery_form": form,
            "has_recovery_codes": recovery is not None,
            "recovery_open": True,
        },
    )


def _recovered(request, device):
    otp_login(request, device)
    left = services.recovery_codes_left(request.user)
    access_event_record(request=request, kind=Kind.TWO_FACTOR_PASSED, detail=f"recovery code used; {left} left")
    notify(
        user=request.user,
        subject="A recovery code was used to sign in to your account",
        body=f"{left} recovery codes are left. If this was not you, tell your supervisor or the project director.",
        url="/accounts/",
        key=f"recovery-code:{timezone.now().isoformat()}",
    )
    messages.warning(
        request,
        f"You signed in with a recovery code; {left} left. If you lost your phone, set up the authenticator app "
        "again in My account, and make new recovery codes.",
    )
    return _continue(request)


def _throttled(form, device, field="token") -> bool:
    """django-otp makes each wrong code wait longer before the next try; say so plainly rather
    than calling a right code wrong."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        form.add_error(field, "Too many wrong codes in a row. Wait a few seconds, then try again.")
    return not allowed


def sign_out(request):
    user = request.user
    logout(request)
    access_event_record(request=request, kind=Kind.SIGN_OUT, user=user)
    messages.info(request, "You have signed out.")
    return redirect("accounts:sign-in")


def account(request):
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    context = {
        "two_factor_devices": devices,
        "recovery_codes_left": services.recovery_codes_left(request.user),
        "has_recovery_codes": services.recovery_device(request.user) is not None,
    }
    return render(request, "accounts/account.html", context)


def recovery_codes(request):
    """New recovery codes, shown on this answer only (no redirect, never stored in the page's
    URL or cache: `Cache-Control: no-store`). Making them again makes the old ones useless."""
    codes = services.recovery_codes_generate(user=request.user)
    access_event_record(
        request=request,
        kind=Kind.RECOVERY_CODES,
        obj=request.user,
        detail=f"{len(codes)} codes; earlier ones invalidated",
    )
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


def authenticator(request):
    """Set up a new authenticator app (a new phone) once signed in; the new one replaces the old
    only when a code from it is right."""
    device = services.totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid() and not _throttled(form, device):
        if services.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            access_event_record(request=request, kind=Kind.TWO_FACTOR_ENROLLED, obj=request.user, detail="replaced")
            messages.success(request, "Your new authenticator app is set up; the old one no longer works.")
            return redirect("accounts:account")
        form.add_error("token", "That code did not match. Check the time on your phone and try the newest code.")
        access_event_record(request=request, kind=Kind.TWO_FACTOR_FAILED, outcome=Outcome.DENIED, detail="replacement")
    context = {
        "form": form,
        "qr_code": services.totp_qr_data_uri(device),
        "secret": services.totp_secret(device),
        "replacing": True,
    }
    return render(request, "accounts/enroll.html", context)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request):
    form = PasswordForm(request.user, request.POST or None)
    if form.is_valid():
        form.user.must_change_password = False
        form.save()
        update_session_auth_hash(request, form.user)
        access_event_record(request=request, kind=Kind.PASSWORD_CHANGED, obj=request.user)
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    return render(request, "accounts/password.html", {"form": form})
