# The frame of every page (templates/base.html, _language_switch.html) and the error page
# (templates/error.html). Terms used across files are defined here.

-lattice = Lattice
-endorsement = Endorsement®

skip-to-content = Skip to content
nav-account = Account
nav-dashboard = Dashboard
nav-portfolio = Portfolio
nav-signed-in-as = Signed in as { $name }
nav-sign-out = Sign out
nav-sign-in = Sign in
footer-about = { -lattice } runs the { -endorsement } credential for infant and early-childhood mental health associations.
footer-registry = Registry
footer-verify = Verify a credential
footer-api = Registry API for developers (OpenAPI)

# The error page: its title by HTTP status (in English, the status's own reason phrase, as
# before), the fixed messages, the ways on.
error-title = { $status ->
    [403] Forbidden
    [404] Not Found
    [409] Conflict
    [410] Gone
    [422] Unprocessable Entity
    [429] Too Many Requests
    [500] Internal Server Error
   *[other] Error
}
error-not-found = There is nothing here, or it is not yours to see.
error-internal = Something went wrong on our side. Nothing you entered was lost; please try again.
error-csrf = This form expired or came from another site. Go back, reload the page and send it again.
error-go-dashboard = Go to your dashboard
error-home = Home
error-quote-request = If you contact support, quote request { $id }.
