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

# An association's page (templates/association.html, handlers/public.rs): its categories with
# what each asks for and costs, and the yearly renewal. The registration form's side list
# (register.html) says the same lines. The association's notes stay in its own words.
public-crumb-associations = Associations
public-lead = Endorsement® categories offered in { $state }, with what each asks for and what it costs. Rules in force:
public-not-offered = Not offered here
public-achievements = Achievements:
public-fees-label = Fees:
public-fees = ${ $registration } registration, ${ $processing } application processing
public-fees-unpublished = Fees: ask the association (not published)
public-register-for = Register for { $category }
public-renewal-heading = Renewal
public-req-education-none = Education: no degree required
public-req-education = Education: { $level ->
    [cda] a CDA credential
    [associate] an associate's degree
    [bachelors] a bachelor's degree
    [masters] a master's degree
   *[doctorate] a doctorate
} or higher
public-req-training = Training: at least { $hours } h across the competency areas
public-req-work = Work: { $describe }
public-req-rsc = Reflective supervision/consultation: at least { $hours } h over { $min } to { $max } months
public-req-references = References: { $count ->
    [one] { $count } reference rating
   *[other] { $count } reference ratings
}
public-req-exam = Exam after review: Part 1 ({ $questions } questions) and Part 2 ({ $answered } of { $vignettes } vignettes)
public-renewal = Renew every year by { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $day }: { $hours } h of training
public-renewal-late-fee = Late renewal fee: ${ $fee }

# A category as an Open Badges achievement (templates/achievement.html): its criteria are the
# association page's lines (public-req-…); the description stays the credential's own.
achievement-what = An Open Badges 3.0 achievement (certification) of { $association }.
achievement-json-with = Software reads it as JSON-LD from this same address with
achievement-json-or = {", or from"}
achievement-criteria = Criteria
achievement-reviewed = The association reviews each portfolio before granting the endorsement.
achievement-requirements-link = The requirements on the association's page
achievement-areas = Competency areas
achievement-areas-help = The areas of the Competency Guidelines that reference ratings and reviewers look for in this category.
