# The requirement panel (issue #23 item 2): its frame, the requirements' names, and the
# engine's phrases (lattice_domain::phrase::ALL_IDS). English pages print the engine's own
# English for the phrases (what `lattice check` prints); these keep every id in both languages.

req-panel = Requirements
req-met-of = { $met } of { $total } requirements met
req-all-met = All requirements met
req-ready = Ready to submit
req-still-needed = Still needed:
req-not-counted = { $count } listed but not counted
req-evidence = Evidence:
req-source = Source:
req-checked = Checked against:
req-progress-hours = { $counted } of { $needed } hours
req-progress-years = { $counted } of { $needed } years
req-progress-count = { $counted } of { $needed }

req-education = Education
req-training = Training
req-work = Specialized work
req-rsc = Reflective supervision/consultation
req-references = Reference ratings
req-agreements = Agreements
req-membership = Membership
req-exam = Exam

req-status-met = Met
req-status-unmet = Still needed
req-status-pending = Later stage
req-status-na = Not needed

side-progress-label = Your progress
side-progress = Progress: { $category }
side-progress-empty = Progress
side-empty = When you register for a category, this panel shows each requirement, what counts so far and what does not, as you enter your portfolio.
side-history = Application and history

detail-degree-none-required = No degree minimum for this category.
detail-degree-met = Needs { $degree ->
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
} or higher; { $count ->
    [one] 1 qualifying degree
   *[other] { $count } qualifying degrees
} completed.
detail-degree-unmet = Needs { $degree ->
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
} or higher{ $licence ->
    [yes] {" "}or a professional mental-health licence
   *[no] {""}
}; none completed by { $date }.
detail-coursework-areas = Coursework documents { $count ->
    [one] 1 competency area
   *[other] { $count } competency areas
}: { $areas }.
detail-coursework-many = Coursework documents { $count } competency areas (the coverage picture lists them).
detail-training = { $hours } of { $minimum } h of relationship-based training counted{ $rsc_minimum ->
    [0] {""}
   *[other] ; about providing RS/C: { $rsc } of { $rsc_minimum } h
}{ $dei_minimum ->
    [0] {""}
   *[other] ; diversity, equity & inclusion: { $dei } of { $dei_minimum } h
}{ $overlap ->
    [yes] ; hours tagged both RS/C and DEI count toward one of the two, not both
   *[no] {""}
}.
detail-training-typical = Applicants at this category typically list about { $hours } h to show every competency area.
detail-rsc-none-required = No RS/C minimum for this category (recommended).
detail-rsc = { $hours } of { $minimum } h from qualified providers{ $received ->
    [yes] ; received { $first } to { $last } ({ $span } months; must span { $span_min } to { $span_max } months)
   *[no] {""}
}{ $about_minimum ->
    [0] {""}
   *[other] ; about the RS/C you provide: { $about } of { $about_minimum } h
}{ $majority_short ->
    [yes] ; no { $at_most } providers account for the majority of the required { $minimum } h (the largest { $at_most } give { $majority_hours } h)
   *[no] {""}
}.
detail-agreements-signed = Code of Ethics and Endorsement Agreement signed.
detail-membership-active = Active until { $date }.
detail-ratings-all = { $filled } of { $count } ratings count, one for each role.
detail-ratings-some = { $filled } of { $count } ratings count; each role needs its own rater.

# An item that did not count, then why.
excluded-line = { $item }: { $reason }

need-training-hours = { $hours ->
    [one] 1 more hour
   *[other] { $hours } more hours
} of training
need-training-hours-rsc = { $hours } more hours of training, of which { $rsc } about providing RS/C
need-training-hours-dei = { $hours } more hours of training, of which { $dei } about DEI
need-training-hours-rsc-dei = { $hours } more hours of training, of which { $rsc } about providing RS/C and { $dei } about DEI
need-sign-code-of-ethics = sign the Code of Ethics
need-sign-endorsement-agreement = sign the Endorsement Agreement
need-renew-membership = renew membership
need-families = { $count } more families served
need-rsc-span = RS/C spanning at least { $months } months
need-rsc-providers = most of the required hours from one or two providers
need-degree = { $degree ->
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
}{ $licence ->
    [yes] {" "}or a professional mental-health licence
   *[no] {""}
}

why-dated-after = dated { $date }, after { $as_of }
why-no-competency = names no competency area; a training counts only when it covers at least one
why-population-school-age = focused on school-age children; trainings primarily about school-age children, adolescents or the elderly do not count
why-population-adolescent = focused on adolescents; trainings primarily about school-age children, adolescents or the elderly do not count
why-population-elderly = focused on the elderly; trainings primarily about school-age children, adolescents or the elderly do not count
why-population-other = focused on a population outside the endorsement; trainings primarily about school-age children, adolescents or the elderly do not count
why-another-conference = another conference, "{ $conference }": listed but not counted toward the { $minimum }-hour minimum; only { $cap } { $cap ->
    [one] conference
   *[other] conferences
} may count{ $kept ->
    [0] {""}
   *[other] {" "}({ $counts } counts)
}
why-rating-not-requested = not requested yet
why-rating-requested = requested; the rater has not completed it yet
why-rating-declined = the rater declined
why-membership-expired = expired on { $date }
why-no-category = the association offers no category to count it for

item-training = The training '{ $title }' ({ $date })
item-rating = The rating from { $name }, { $role ->
    [program-supervisor] your program supervisor
    [rsc-provider] your RS/C provider
    [colleague] your colleague
    [supervisee] your supervisee
    [teacher] your teacher, trainer or consultant
    [parent] a parent
   *[other] a rater in another role
}

# Who vouches for what a requirement counts (views::provenance): after req-evidence.
evidence-ratings = { $raters ->
    [one] { $raters } rating
   *[other] { $raters } ratings
} sent by the rater through the emailed link{ $staff ->
    [0] {""}
    [one] ; { $staff } paper rating recorded by a coordinator
   *[other] ; { $staff } paper ratings recorded by a coordinator
}
evidence-membership-record = the association's membership record ({ $association })
evidence-membership-typed = typed by the applicant (does not count)
evidence-membership-none = no membership record from the association yet
evidence-agreements = signed by the applicant in Lattice, dated by the server
evidence-exam = recorded by the coordinator after the exam
evidence-self-reported = self-reported by the applicant; reviewers check it
