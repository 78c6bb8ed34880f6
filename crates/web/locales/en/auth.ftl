# Signing in, signing up, a forgotten password (templates/sign_in.html, sign_up.html,
# forgot.html, reset.html, and the messages of handlers/auth.rs).

field-email = Email
field-password = Password
field-full-name = Full name
field-new-password = New password
field-password-hint = (at least 10 characters, hard to guess: a few unrelated words work well)
field-confirm-password = The same again

sign-in-title = Sign in
sign-in-button = Sign in
sign-in-forgot = Forgot your password?
sign-in-new-here = New here?
sign-in-create-account = Create an account
sign-in-no-match = That email and password do not match an account.
# $seconds under two minutes, else $minutes; both are whole numbers.
sign-in-wait-seconds = Too many wrong passwords were tried. Please try again in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}, or reset your password.
sign-in-wait-minutes = Too many wrong passwords were tried. Please try again in { $minutes } minutes, or reset your password.
sign-in-confirm-email = Please confirm your email address first. We have sent a new link to { $email }: open it, then sign in.

sign-up-title = Create your account
sign-up-intro = For applicants. Association staff get their accounts from their coordinator, who invites them by email.
sign-up-button = Create account
sign-up-already = Already registered?
sign-up-sign-in = Sign in
sign-up-check-title = Check your email
sign-up-check-body = { $hours ->
    [one] We have sent a message to { $email }. Open the link in it to confirm your address, then sign in. The link works for { $hours } hour.
   *[other] We have sent a message to { $email }. Open the link in it to confirm your address, then sign in. The link works for { $hours } hours.
}
sign-up-go-sign-in = Go to sign in

forgot-title = Reset your password
forgot-intro = Enter the email of your account. We will send a link that lets you choose a new password.
forgot-button = Send the link
forgot-check-title = Check your email
forgot-check-body = If an account uses that address, we have sent it a link to choose a new password. The link works once, for one hour.
forgot-back = Back to sign in

reset-title = Choose a new password
reset-button = Change password
reset-stale = this link was already used or has expired; ask for a new one
reset-done-title = Password changed
reset-done-heading = Your password is changed
reset-done-body = Every earlier session was signed out. Sign in with the new password.
reset-sign-in = Sign in

# A new password's mistakes are application.ftl's password-error-… and sign-up-error-confirm.

verify-done-heading = Your email is confirmed
verify-done-body = Thank you. Sign in with your email and password to continue.
verify-stale-heading = This link no longer works
verify-stale-body = It was already used, or it has expired. Sign in with your email and password: if your address still needs confirming, we send a new link.

# Two-step sign-in (templates/sign_in_code.html, enrol.html, two_step.html, recovery_codes.html
# and handlers/second_factor.rs).
two-step-code-title = Enter your sign-in code
two-step-code-lead = Open your authenticator app and enter the 6-digit code it shows for Lattice. If you do not have your phone, enter one of your recovery codes instead; each works once.
two-step-code-label = Code
two-step-continue = Continue
two-step-start-again = Start again
# $seconds under two minutes, else $minutes; both are whole numbers.
two-step-wait-seconds = Too many wrong codes were tried. Please try again in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}.
two-step-wait-minutes = Too many wrong codes were tried. Please try again in { $minutes } minutes.
two-step-code-used = That code was already used. Wait for the next one in your app, then enter it.
two-step-recovery-wrong = That recovery code is not right, or it was already used.
two-step-code-wrong = That code is not right. Enter the 6 digits your app shows now, or one of your recovery codes.
two-step-code-wrong-app = That code is not right. Enter the 6 digits your app shows now.
two-step-code-wrong-clock = That code is not right. Enter the 6 digits the app shows now; if it keeps failing, check that your phone's clock is set automatically.

two-step-enrol-title = Set up two-step sign-in
two-step-enrol-staff = Association staff sign in with a code from an authenticator app as well as their password, so a stolen password alone does not open applicants' records.
two-step-enrol-optional = With two-step sign-in, signing in needs a code from an authenticator app as well as your password.
two-step-enrol-scan = In an authenticator app (for example FreeOTP, Aegis, Google Authenticator or 1Password), add an account by scanning this code:
two-step-enrol-qr = QR code for your authenticator app
two-step-enrol-type = If you cannot scan it, type this key instead:
two-step-enrol-key-kind = (time-based, 6 digits, 30 seconds).
two-step-enrol-enter = Enter the 6-digit code the app now shows.
two-step-enrol-label = Code from the app
two-step-enrol-button = Turn on two-step sign-in

two-step-on-title = Two-step sign-in is on
two-step-codes-title = New recovery codes
two-step-codes-lead = Keep these recovery codes somewhere safe, apart from your phone. If you lose the app, sign in with one of them instead of a code; each works once. They are shown only now.

two-step-title = Two-step sign-in
two-step-crumb-dashboard = Dashboard
two-step-lead = Signing in to your account needs a code from your authenticator app, or one of your recovery codes.
two-step-codes-left = { $count ->
    [0] You have no unused recovery codes left.
    [one] You have { $count } unused recovery code left.
   *[other] You have { $count } unused recovery codes left.
}
two-step-new-codes = New recovery codes
two-step-new-codes-lead = Make a new set when you have used most of them, or if someone else may have seen them. The codes you have now stop working at once.
two-step-new-codes-label = The 6-digit code your app shows now
two-step-new-codes-button = Make new recovery codes
two-step-back = Back to your dashboard
