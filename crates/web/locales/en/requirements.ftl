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
detail-work-part = { $part }: { $kind ->
    [none] none recorded yet
    [documented] documented
   *[years] { $counted } of { $years } years
}{ $internship ->
    [0] {""}
   *[other] {" "}(including { $internship } years of supervised graduate internship)
}{ $families_rule ->
    [yes] ; { $families } of { $families_needed } families served
   *[no] {""}
}{ $end ->
    [last] .
   *[more] ;
}
detail-work-part-time = Part-time work counts in proportion to a { $full }-hour week ({ $association }'s setting in Lattice; the association can change it): 2 years at { $half } hours a week count as 1 year.
detail-agreements-to-sign = Still to sign: { $which ->
    [code-of-ethics] Code of Ethics
    [endorsement-agreement] Endorsement Agreement
   *[both] Code of Ethics and Endorsement Agreement
}.
detail-membership-none = Needs active membership in { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
}; none recorded.
detail-membership-unrecorded = Needs active membership in { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
}, recorded by the association.
detail-membership-needed = Needs active membership in { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
}.
detail-membership-expired = Membership expired on { $date }; renew it.
detail-exam-none = No exam for this category.
detail-exam = After reviewers approve: Part 1, { $questions } multiple-choice questions in { $minutes } minutes, passing at { $percent }% (at most { $wrong } wrong); Part 2, { $answered } of { $vignettes } vignettes in { $part2_minutes } minutes{ $part2_percent ->
    [0] , scored by two reviewers blind to identity
   *[other] , passing at { $part2_percent }%
}. Approval to sit is valid { $months } months.

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
need-work-kind = { $part }
need-work-time = { $unit ->
    [days] { $amount ->
        [one] 1 more day
       *[other] { $amount } more days
    }
   *[years] { $amount ->
        [one] 1 more year
       *[other] { $amount } more years
    }
} of { $part }
need-rating-from = a rating from { $role }
need-membership = active membership in { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
}
need-membership-recorded = membership in { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
} recorded by the association
need-membership-here = membership in { $association }
need-rsc-hours = { $hours ->
    [one] 1 more hour
   *[other] { $hours } more hours
} of RS/C from { $providers }{ $own ->
    [0] {""}
   *[other] , of which { $own } about the RS/C you provide
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
why-work-starts-after = starts { $start }, after { $as_of }
why-work-unpaid = unpaid; this part counts paid work
why-work-neither-paid-nor-supervised = neither paid nor supervised volunteer work
why-work-not-supervised = not supervised; this part counts supervised work
why-work-age = does not serve { $ages ->
    [birth-36m] infants/toddlers (birth to 36 months)
    [three-to-six-years] young children (3 up to 6 years)
   *[prenatal] pregnant women and families
}
why-work-classroom = classroom teaching does not count toward this category's work
why-work-not-child-and-parent = not with both the young child and the parent (biological, foster or adoptive)
why-work-services = none of the services this part counts: { $services }
why-work-no-rsc = does not provide reflective supervision/consultation
why-work-not-leadership = not a leadership role
why-work-not-therapist = not as a licensed or license-eligible therapist
why-work-internship-supervisor = an internship counts only under a supervisor endorsed at III or IV-Clinical
why-work-before-degree = counts only after { $degree ->
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
} is completed, and none is
why-work-ended-before-degree = ended before the qualifying degree was completed ({ $date })
why-work-prenatal-only = serves only pregnant women; such work counts only together with work with infants/young children
why-for-part = { $reason } (for: { $part })
why-membership-typed = typed by the applicant; membership counts from the association's record
why-membership-elsewhere = { $association } requires membership in { $association }
why-degree-below = { $level ->
    [none] no degree
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
} is below the minimum, { $degree ->
    [none] no degree
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
}
why-degree-completes-after = completes on { $date }, after { $as_of }
why-degree-not-completed = not completed yet
why-rsc-runs-until = runs until { $end }, after { $as_of }; enter it once complete
why-rsc-peer = peer supervision does not count
why-rsc-not-serving = no work with infants/young children and families is recorded for these dates; RS/C counts when received while serving them
why-rsc-span-alone = spans { $months } months on its own; counted RS/C must fall within { $max } months, so split it by dates
why-rsc-outside-window = falls outside the { $max }-month window counted ({ $first } to { $last }); counted RS/C must fall within { $max } months
why-rsc-bachelors-only = provider holds { $held }; that counts only for a bachelor's-prepared applicant, and the highest degree here is { $degree ->
    [none] no degree
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
}
why-rsc-exception-degree = provider holds { $held } but not { $degree ->
    [none] no degree
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
}, which the bachelor's exception needs
why-rsc-exception-receives = provider holds { $held } but does not receive RS/C, which the bachelor's exception needs
why-rsc-not-imh-specialist = provider { $endorsed ->
    [yes] holds { $held }
   *[no] is not endorsed
}, and this entry does not say they specialize in infant mental health; a provider not endorsed at Category III or IV counts only when they meet its criteria and specialize in infant mental health
why-rsc-provider = provider { $endorsed ->
    [yes] holds { $held }
   *[no] is not endorsed
}; counted RS/C must come from { $providers }

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
item-work = Your work at { $employer }{ $has_role ->
    [yes] , { $role }
   *[no] {""}
} ({ $has_end ->
    [yes] { $start } to { $end }
   *[no] since { $start }
})
item-rsc = The RS/C with { $name } ({ $start } to { $end }, { $hours } h)
# Who may provide counted RS/C (inside need-rsc-hours and why-rsc-provider); the endorsements'
# labels are marks, the same in every language.
rsc-providers = { $count ->
    [0] someone endorsed a vetted Reflective Supervisor
    [1] someone endorsed { $tail }{ $vetted ->
        [yes] {" "}or a vetted Reflective Supervisor
       *[no] {""}
    }
   *[other] someone endorsed { $head }{ $vetted ->
        [yes] , { $tail } or a vetted Reflective Supervisor
       *[no] {" "}or { $tail }
    }
}
rsc-providers-none = nobody
rules-in-force = { $association }'s rules in force from { $date }
tier = { $numbered ->
    [yes] { $word } { $label }
   *[no] { $label }
}
item-education = { $named ->
    [yes] Your degree '{ $name }'
   *[no] Your { $level ->
    [none] no degree
    [cda] CDA credential
    [associate] associate's degree
    [masters] master's degree
    [doctorate] doctorate
   *[bachelors] bachelor's degree
}
}
item-membership = Your membership (valid until { $date })

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

# Where the applicant stands with the exam after review: the chip, then the sentence.
exam-stage-not-scheduled = Not scheduled yet
exam-stage-scheduled = Scheduled
exam-stage-awaiting-results = Awaiting results
exam-stage-passed = Passed
exam-stage-not-passed = Not passed
exam-said-not-scheduled = You are approved to sit the exam; your coordinator will schedule a sitting.
exam-said-scheduled = Scheduled for { $date }.
exam-said-awaiting-results = Sat on { $date }; the results are not recorded yet.
exam-said-passed = Passed (sat on { $date }).
exam-said-not-passed = Not passed (sat on { $date }); it may be sat again from { $retake }.

## The exam's feedback letter, paragraph by paragraph (`exam::feedback_letter_said`).
exam-letter-greeting = Dear { $name },
exam-letter-thanks = Thank you for sitting the { $category } exam on { $date }. Here are your results.
exam-letter-part1-unscored = Part 1 (multiple choice): not yet scored.
exam-letter-part1-bad-record = Part 1 (multiple choice): the recorded result cannot be right ({ $error }); we will correct it and write again.
exam-letter-part1 = Part 1 (multiple choice): { $result ->
        [passed] passed
       *[not-passed] not passed
    }. You answered { $wrong } of { $questions } questions wrongly; at most { $most } wrong answers pass.
exam-letter-part2-unscored = Part 2 (vignettes): not yet scored.
exam-letter-part2-bad-record = Part 2 (vignettes): the recorded result cannot be right ({ $error }); we will correct it and write again.
exam-letter-part2-points = Part 2 (vignettes): { $result ->
        [passed] passed
       *[not-passed] not passed
    }. Your answers scored { $points } of { $max } points ({ $scored }%); { $needed }% is needed to pass.
exam-letter-part2-means = Part 2 (vignettes): { $result ->
        [passed] passed
       *[not-passed] not passed
    }. Each answer passes with a mean score of at least { $mean } of { $max } from its two scorers; your answers' means were { $first } and { $second }.
exam-letter-passed = You have passed the exam. Congratulations.
exam-letter-incomplete = Your result is not complete yet; we will write again when both parts are scored.
exam-letter-not-passed = You did not pass { $parts ->
        [part1] Part 1
        [part2] Part 2
       *[both] Part 1 or Part 2
    }. A part not passed may be sat again from { $retake }.

## Advice that blocks nothing, under the requirements (`Report::advice`).
req-advice = Advice
advice-rating-presumed = { $name } is counted as { $role } because, as your RS/C provider, they are expected to meet those criteria; record their endorsement so reviewers can confirm it.
advice-rater-known-short = { $name } had known you less than { $months } months when rating; raters should have known you at least that long.
advice-lower-tier = With fewer than { $families } families or under { $months } months of this work so far, { $tier } may be the better fit now.
advice-imh-certificate = The university IMH certificate ({ $institution }) can document competencies; the { $hours } h training minimum still applies.
advice-rsc-bachelors-exception = { $name } counted under the bachelor's exception ({ $held } with { $degree ->
    [none] no degree
    [cda] a CDA credential
    [associate] an associate's degree
    [masters] a master's degree
    [doctorate] a doctorate
   *[bachelors] a bachelor's degree
} who receives RS/C)
advice-rsc-meets-criteria = RS/C from { $name } is counted on your statement that they meet the criteria for Category III or IV{ $specialist ->
    [yes] {" "}and specialize in infant mental health
   *[no] {""}
}; reviewers confirm it
advice-theory-uncovered = Theoretical Foundations areas no counted training or course covers yet: { $areas }. Reviewers look for course work or training in each; work experience or ratings alone do not document them.
# A note of the association's rules, in the words its profile gives.
advice-note = { $note }

## A renewal requirement's detail (`RenewalItem::said`): English pages print the engine's own.
renewal-hours = { $counted } of { $needed } h { $what ->
    [rsc-training] of that training about providing RS/C
    [dei] of that training about diversity, equity & inclusion
    [rsc] of RS/C received from { $providers ->
        [iv-clinical-mentor] an IV-Clinical mentor (you provide RS/C to others)
        [ii-masters-or-iii-iv] a master's-prepared II who receives RS/C, or a III or IV-Clinical
       *[iii-iv] a III or IV-Clinical
    }
   *[training] of relationship-based training
} in { $year }{ $required ->
    [no] {" "}(recommended)
   *[yes] {""}
}.
renewal-hours-first-year = Endorsed in { $endorsed }: renewal hours are first owed for { $owed }.
renewal-ethics-signed = Code of Ethics re-signed on { $signed }.
renewal-ethics-resign-between = Code of Ethics last signed { $signed }; re-sign it between { $first } and { $deadline }.
renewal-ethics-resign-by = Re-sign the Code of Ethics by { $deadline }.
renewal-membership-none = No membership recorded; renew membership in { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
} with the endorsement.
renewal-membership-typed = Needs membership in { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
}, recorded by the association.
renewal-membership-elsewhere = Needs membership in { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
} through { $deadline }.
renewal-membership-ends = Membership ends { $until }; renew it to run through the { $deadline } deadline.
renewal-membership-valid = Membership ({ $held }) valid until { $until }.

## What reinstating asks (`reinstatement::Need`): each label, then its detail.
reinstate-label-membership = Updated membership
reinstate-label-experience = New experience
reinstate-label-ratings = { $count ->
    [0] No
    [1] One
    [2] Two
    [3] Three
    [4] Four
    [5] Five
    [6] Six
    [7] Seven
    [8] Eight
    [9] Nine
   *[other] { $count }
} new ratings
reinstate-label-fee = The processing fee
reinstate-membership = A current membership of { $association }{ $any ->
    [yes] {" "}or another infant mental health association
   *[no] {""}
}, recorded by { $association }.
reinstate-experience = Work or training since { $lapsed }, added to your portfolio: a job that went on after that day, or a training dated on or after it.
reinstate-ratings = Ratings completed on or after { $lapsed }. Ratings completed before your endorsement lapsed do not count again; each rating is valid for { $months } months.
reinstate-fee = The ${ $usd } processing fee, again: it is invoiced when you submit.
reinstate-fee-association = { $association }'s processing fee, again: it is invoiced when you submit.
