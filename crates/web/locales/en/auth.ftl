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
reset-done-title = Password changed
reset-done-heading = Your password is changed
reset-done-body = Every earlier session was signed out. Sign in with the new password.
reset-sign-in = Sign in

# Form mistakes the reader can correct come from the handlers in English for now (issue #23:
# form messages are a later step); the page marks them lang="en".

verify-done-heading = Your email is confirmed
verify-done-body = Thank you. Sign in with your email and password to continue.
verify-stale-heading = This link no longer works
verify-stale-body = It was already used, or it has expired. Sign in with your email and password: if your address still needs confirming, we send a new link.
