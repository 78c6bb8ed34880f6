# The rating form a rater opens from the emailed link (templates/rate.html), its thanks and
# its error pages, and the words of the rating-request mail that come from the portfolio (the
# rater's role). Each rating request carries the language the applicant chose for the rater.
# The area and domain names are the Competency Guidelines' (lattice_domain::competency), by id.

rate-title = Reference rating
rate-heading = Reference rating for { $applicant }
rate-lead = Hello { $rater }. { $applicant } is applying for the Endorsement ({ $category }) and named you as a reference. Rate what you have seen of their work in each area; choose “Not enough information” wherever you cannot say.
rate-waived = { $applicant } waived the right to read this rating: it goes to the reviewers only.
rate-not-waived = { $applicant } may read this rating.
rate-no-account = No account is needed; this link works once.
rate-errors-lead = Please complete the form:
rate-errors-count = { $count ->
    [one] one answer is
   *[other] { $count } answers are
} missing or need a change (“Not enough information” is an answer too). Your answers so far are kept.
rate-choose-answer = Choose an answer (“Not enough information” is fine).
rate-known-since = You have known { $applicant } since
rate-comments = Comments for the reviewers
rate-submit = Submit the rating
rate-problem-answer = { $area }: choose an answer
rate-problem-known-since = Known since: give the date as YYYY-MM-DD
rate-problem-comments = Comments: keep them under 8000 characters
rate-home = Lattice home
rate-thanks-title = Thank you
rate-thanks-heading = Thank you for your rating
rate-thanks-body = It is saved and now part of the application. The link will not open the form again.
rate-gone-title = Rating link
rate-gone-heading = This link no longer works
rate-gone-body = It was already used, or it expired. If you still want to give the rating, ask the applicant to send you a new link.

# The rating scale (lattice_web::evidence::SCALE), by its stored key.
scale-consistently = Consistently demonstrates
scale-sometimes = Demonstrates at times
scale-not-yet = Not yet demonstrated
scale-not-enough-information = Not enough information

# The rater's role as the request's mail names it ("as their program supervisor").
rater-role-program-supervisor = program supervisor
rater-role-rsc-provider = RS/C provider
rater-role-colleague = colleague
rater-role-supervisee = supervisee
rater-role-teacher = teacher
rater-role-parent = parent
rater-role-other = other

# Competency domains, by key.
domain-theoretical-foundations = Theoretical Foundations
domain-law-regulation-agency-policy = Law, Regulation & Agency Policy
domain-systems-expertise = Systems Expertise
domain-direct-service-skills = Direct Service Skills
domain-working-with-others = Working with Others
domain-communicating = Communicating
domain-thinking = Thinking
domain-reflection = Reflection
domain-administration = Administration
domain-research-evaluation = Research & Evaluation

# Competency areas, by id.
area-pregnancy-early-parenthood = Pregnancy & early parenthood
area-infant-very-young-child-development-behavior = Infant/very young child development & behavior
area-infant-very-young-child-family-centered-practice = Infant/very young child & family-centered practice
area-relationship-focused-practice = Relationship-focused practice
area-relationship-focused-therapeutic-practice = Relationship-focused therapeutic practice
area-family-relationships-dynamics = Family relationships & dynamics
area-attachment-separation-trauma-grief-loss = Attachment, separation, trauma, grief & loss
area-cultural-competence = Cultural competence
area-disorders-of-infancy-early-childhood = Disorders of infancy/early childhood
area-psychotherapeutic-behavioral-theories-of-change = Psychotherapeutic & behavioral theories of change
area-mental-behavioral-disorders-in-adults = Mental & behavioral disorders in adults
area-adult-learning-theory-practice = Adult learning theory & practice
area-statistics = Statistics
area-research-evaluation = Research & evaluation
area-ethical-practice = Ethical practice
area-government-law-regulation = Government, law & regulation
area-agency-policy = Agency policy
area-service-delivery-systems = Service delivery systems
area-program-management = Program management
area-screening-assessment = Screening & assessment
area-parent-infant-relationship-based-therapies-practices = Parent-infant relationship-based therapies & practices
area-developmental-guidance = Developmental guidance
area-observation-listening = Observation & listening
area-coaching-mentoring = Coaching & mentoring
area-speaking = Speaking
area-reflective-supervision = Reflective supervision
area-emotional-response = Emotional response
