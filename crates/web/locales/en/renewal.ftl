# The renewal page and the reinstatement page (issue #23 item 2). A requirement's detail and
# what reinstating needs are the engine's phrases (requirements.ftl, renewal-* and
# reinstate-*); English pages print the engine's own English for them.
renewal-title = Renewal
renewal-crumb-dashboard = Dashboard
renewal-heading = Keeping your endorsement
renewal-lead-start = Each year: relationship-based training, reflective supervision/consultation, membership and the Code of Ethics. Add the year's trainings and RS/C to your
renewal-lead-portfolio = portfolio
renewal-lead-middle = once; they count for every endorsement you hold. Membership is your association's record:
renewal-lead-ask = ask it to renew yours
renewal-lead-end = and your coordinator records it once the dues are in.
renewal-none = You hold no endorsement yet.
renewal-handed-in = Handed in
renewal-deadline = Renewal deadline:
renewal-late-fee = late fee ${ $fee }
renewal-good-through = { $status }, good through { $date }
renewal-reinstate = Reinstate
renewal-terms = Deadline, grace period, late fee, lapse and reinstatement
renewal-recommended = (recommended)
renewal-hand-in = Hand in my { $year } renewal
renewal-not-yet = The renewal can be handed in once every required item is met.
renewal-resign = Re-sign the Code of Ethics
renewal-add-training = Add a training
renewal-add-rsc = Add RS/C
renewal-problem-intro = The portfolio could not be checked:
# A renewal requirement's name, by its id.
renewal-item-training = Training hours
renewal-item-rsc-training = Training about providing RS/C
renewal-item-dei = Training in diversity, equity and inclusion
renewal-item-rsc = Reflective supervision/consultation
renewal-item-code-of-ethics = Code of Ethics
renewal-item-membership = Membership
renewal-status-met = Met
renewal-status-unmet = Still needed
renewal-status-pending = Waiting
renewal-status-na = Does not apply
# Where the year stands.
renewal-standing-compliant = Everything for this year is in
renewal-standing-first-year = First year: nothing is owed until next year's renewal
renewal-standing-due = Due by { $deadline }
renewal-standing-overdue = Overdue since { $deadline }
renewal-standing-overdue-fee = Overdue since { $deadline }: a ${ $fee } late fee applies
renewal-standing-lapsed = Past the removal date: lapsed
# A renewal handed in.
renewal-renewed = Renewed for { $year }: good through { $date }
renewal-awaiting-fee = Handed in for { $year }; the ${ $fee } late fee is awaiting payment
# What the deadline, grace period, late fee, lapse and reinstatement mean.
renewal-term-deadline = Renewal for { $year } is due by { $deadline }.
renewal-term-grace = Grace period: a late renewal is still taken until { $through }, and you stay in the registry meanwhile; not renewed by then, the endorsement lapses on { $lapse }.
renewal-term-no-grace = There is no grace period: the deadline is the last day of good standing.
renewal-term-late-fee = Late fee: a renewal handed in after { $deadline } costs ${ $fee }.
renewal-term-no-late-fee = No late fee is charged.
renewal-term-lapse = Lapse: not renewed by { $through }, the endorsement lapses on the next day. It leaves the public registry, and its verification page and credential say it lapsed.
renewal-term-reinstatement = Reinstatement: a lapsed endorsement is reviewed again and keeps its number and original date. It needs { $needs }.
# One need inside renewal-term-reinstatement: its label, then its detail.
renewal-term-need = { $label } ({ $detail })

# The reinstatement page.
reinstate-title = Reinstate your endorsement
reinstate-crumb = Reinstate
reinstate-lead = { $title } with { $association }
reinstate-credential = Credential
reinstate-endorsed-on = Endorsed on
reinstate-lapsed-on = Lapsed on
reinstate-how = Reinstatement is reviewed like an application. Once reinstated, your endorsement keeps its number and its original endorsement date, and returns to the registry.
reinstate-needed = What is needed
reinstate-open = You have an application open.
reinstate-open-link = Finish or withdraw it
reinstate-open-end = before starting the reinstatement.
reinstate-start-help = Starting opens a reinstatement application. You and { $association } are mailed what comes next; nothing is charged until you submit.
reinstate-start = Start the reinstatement
reinstate-back = Back to renewal
