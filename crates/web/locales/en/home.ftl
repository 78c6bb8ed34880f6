# The home page (templates/home.html).

home-title = Endorsement for infant and early-childhood mental health
home-heading = { -endorsement }, from first training to renewal
home-lead = Build your portfolio over months, see at every step what is still missing for your category, and follow your application through review.
home-create-account = Create an account
home-sign-in = Sign in
home-find-professional = Find an endorsed professional
home-verify = verify a credential by its number
home-associations = Associations
home-association-details = Categories, requirements and fees
# The visible word is "Registry"; screen readers hear whose (the label contains it).
home-association-registry = Registry
home-association-registry-label = Registry of { $association }
