"""A paraphraser's thesaurus for the provenance benchmark: two tables, a and b.

Written for this benchmark (no lexical resource installable from the package index
ships English synonyms for offline use and is kept up: the WordNet interfaces download
their data at run time). Each line is ``head: choices of table a | choices of table b``;
the two tables reword the same common words of news English with different choices, and
each also rewords words the other leaves alone (a line with nothing on one side), so
that a model tuned on copies made with table a meets other words on table b's.

``VERBS`` lines give base forms, inflected by :func:`verb_forms` (irregular forms in
``IRREGULAR_VERBS``); a multi-word choice inflects its first word ("point out" ->
"pointed out"). ``NOUNS`` lines give singular forms, pluralized by :func:`plural`.
``WORDS`` lines are taken as written: adjectives, adverbs, function words and phrases
("more than" -> "over"). The choices are a spinner's, not a lexicographer's: a sense
that does not fit its sentence is left in, as spinning tools leave it.
"""

from __future__ import annotations

VERBS = """
say: state, remark, declare | note, comment, assert
tell: inform, advise | let know, brief
announce: declare, proclaim | unveil, make public
add: continue, go on to say | include, further note
ask: request, query | question, press
claim: assert, allege | contend, insist
argue: contend, maintain | reason, insist
believe: feel, reckon | think, hold
think: reckon, feel | suppose, figure
know: realize, understand | be aware of, recognize
want: desire, wish | seek, hope
need: require, must have | call for, lack
help: aid, assist | support, back
show: demonstrate, reveal | indicate, display
make: create, produce | generate, form
take: seize, grab | capture, accept
give: provide, hand | grant, offer
get: obtain, receive | acquire, gain
use: employ, utilize | apply, draw on
begin: start, commence | kick off, launch
start: begin, commence | launch, open
end: finish, conclude | wrap up, close
continue: persist, carry on | keep going, proceed
remain: stay, persist | linger, stand
become: turn into, grow into | end up as, come to be
come: arrive, show up | turn up, approach
go: head, proceed | travel, move
leave: depart, exit | quit, walk away from
run: operate, manage | lead, direct
lead: head, guide | steer, direct
hold: keep, retain | maintain, carry
keep: retain, preserve | maintain, hold on to
put: place, set | position, lay
set: establish, fix | arrange, put in place
move: shift, relocate | step, transfer
call: term, label | name, dub
find: discover, uncover | locate, come across
see: observe, notice | witness, spot
look: appear, seem | glance, peer
seem: appear, look | come across as, look to be
appear: seem, look | emerge, show up
write: compose, pen | author, draft
read: peruse, scan | study, go over
speak: talk, converse | address, discuss
talk: speak, chat | converse, discuss
discuss: debate, talk over | examine, consider
meet: gather, convene | encounter, sit down with
pass: approve, adopt | enact, clear
vote: ballot, cast ballots | poll, decide
approve: endorse, sanction | authorize, ratify
reject: refuse, dismiss | turn down, spurn
oppose: resist, fight | object to, counter
support: back, endorse | champion, favor
allow: permit, let | enable, authorize
prevent: stop, block | avert, hinder
protect: shield, guard | defend, safeguard
defend: protect, justify | uphold, stand up for
attack: assault, strike | hit, assail
kill: slay, murder | take the life of, claim
die: perish, pass away | lose their life, expire
fight: battle, struggle | combat, contest
win: secure, capture | clinch, triumph in
lose: forfeit, drop | fail to win, miss
fail: falter, flop | fall short, collapse
try: attempt, seek | endeavor, strive
seek: pursue, look for | aim for, chase
offer: provide, extend | present, put forward
provide: supply, furnish | give, deliver
receive: get, obtain | be given, collect
include: contain, comprise | cover, encompass
involve: entail, concern | require, implicate
require: demand, necessitate | oblige, need
expect: anticipate, predict | foresee, forecast
plan: intend, aim | mean, design
propose: suggest, put forward | recommend, float
suggest: propose, hint | imply, indicate
release: publish, issue | put out, unveil
report: relate, recount | note, disclose
reveal: disclose, expose | uncover, unveil
confirm: verify, affirm | corroborate, validate
deny: refute, dispute | contradict, reject
accuse: charge, blame | indict, allege against
charge: indict, accuse | prosecute, book
sign: endorse, ink | put pen to, autograph
issue: publish, release | put out, hand down
warn: caution, alert | advise, forewarn
urge: press, implore | push, prod
push: press, drive | urge, shove
raise: increase, lift | boost, hike
increase: boost, raise | expand, grow
rise: climb, grow | jump, mount
fall: drop, decline | sink, slide
cut: reduce, slash | trim, lower
spend: expend, pay out | invest, lay out
pay: compensate, remit | fund, settle
cost: set back, run | total, price at
build: construct, erect | develop, put up
change: alter, modify | amend, revise
create: form, produce | establish, generate
decide: determine, resolve | settle, choose
consider: weigh, contemplate | ponder, examine
review: examine, assess | evaluate, inspect
investigate: probe, examine | look into, scrutinize
face: confront, meet | encounter, deal with
respond: reply, answer | react, retort
answer: reply to, respond to | address, field
join: enter, sign up for | unite with, link up with
serve: act, work | function, hold office
work: labor, toil | operate, function
agree: concur, consent | accept, go along
happen: occur, take place | come about, unfold
follow: trail, track | pursue, succeed
return: come back, go back | revert, head back
bring: carry, deliver | fetch, convey
send: dispatch, transmit | ship, forward
open: launch, unveil | inaugurate, begin
close: shut, seal | shut down, conclude
stop: halt, cease | end, quit
block: bar, obstruct | stop, thwart
ban: prohibit, outlaw | bar, forbid
force: compel, oblige | drive, coerce
stand: remain, endure | rise, stay
step: stride, pace | tread, walk
turn: shift, rotate | pivot, swing
hit: strike, smack | batter, pound
sue: take to court, file suit against | litigate against, bring a case against
file: lodge, submit | register, enter
launch: start, initiate | roll out, unveil
lift: raise, remove | hoist, end
sit: rest, be seated | perch, stay
watch: observe, monitor | view, follow
hope: wish, trust | aspire, long
fear: dread, worry | be afraid, be anxious
worry: fret, be concerned | fear, be troubled
express: voice, convey | articulate, state
describe: portray, depict | characterize, paint
refuse: decline, refuse outright | turn down, rebuff
acknowledge: admit, concede | recognize, grant
admit: concede, confess | acknowledge, own up
note: observe, point out | remark, mention
mention: cite, refer to | bring up, name
cite: quote, refer to | point to, invoke
criticize: condemn, fault | slam, knock
praise: commend, laud | applaud, hail
promise: pledge, vow | swear, guarantee
vow: pledge, swear | promise, commit
pledge: promise, commit | vow, swear
target: aim at, single out | focus on, go after
focus: concentrate, center | zero in, home in
happen: occur, take place | come to pass, arise
deliver: hand over, present | supply, provide
hire: employ, engage | recruit, take on
fire: dismiss, sack | let go, oust
arrest: detain, apprehend | seize, take into custody
convict: find guilty, sentence | condemn, judge guilty
order: direct, instruct | command, require
prompt: spur, trigger | provoke, lead to
cause: trigger, produce | create, spark
lead to: result in, bring about | cause, give rise to
reach: attain, hit | arrive at, achieve
remove: eliminate, take away | strip, delete
replace: supplant, swap | substitute, succeed
share: divide, split | pass on, spread
spread: circulate, extend | disseminate, scatter
test: examine, check | trial, probe
treat: handle, deal with | manage, care for
visit: call on, tour | drop in on, stop by
travel: journey, voyage | tour, go
accept: take, embrace | welcome, agree to
avoid: dodge, escape | evade, sidestep
announce: proclaim, declare | unveil, state
insist: maintain, demand | assert, stress
stress: emphasize, underscore | highlight, insist
explain: clarify, describe | elaborate, spell out
learn: discover, find out | hear, gather
understand: grasp, comprehend | see, realize
remember: recall, recollect | think back on, keep in mind
prepare: ready, get ready | arrange, organize
estimate: gauge, reckon | calculate, figure
grow: expand, swell | increase, climb
drop: fall, sink | abandon, shed
pull: tug, yank | draw, drag
improve: enhance, better | upgrade, boost
reduce: lower, cut | shrink, lessen
limit: restrict, cap | curb, confine
control: govern, command | manage, oversee
manage: handle, run | oversee, cope
own: possess, hold | have, control
live: reside, dwell | stay, inhabit
die: pass away, perish | succumb, expire
pass away: die, perish | succumb, expire
"""

NOUNS = """
people: individuals, persons | folks, citizens
person: individual, human | someone, citizen
government: administration, authorities | state, regime
official: functionary, representative | spokesperson, officer
president: head of state, leader | chief executive, commander in chief
administration: government, regime | executive branch, leadership
country: nation, land | state, homeland
nation: country, state | land, society
state: region, province | territory, jurisdiction
city: town, metropolis | municipality, urban center
week: seven days, weekly span | stretch of days, week-long span
year: twelve months, annual cycle | calendar year, twelve-month stretch
day: date, twenty-four hours | session, daytime
month: four weeks, calendar month | moon, thirty days
time: moment, occasion | period, instance
campaign: crusade, drive | bid, race
election: poll, ballot | vote, contest
party: faction, organization | camp, bloc
law: statute, legislation | act, rule
bill: measure, draft law | legislation, proposal
plan: scheme, proposal | blueprint, strategy
policy: approach, strategy | line, doctrine
decision: ruling, determination | judgment, verdict
statement: declaration, announcement | remark, release
report: account, dispatch | study, finding
office: bureau, post | department, role
security: safety, protection | defense, safeguarding
health: wellbeing, well-being | fitness, welfare
vaccine: jab, shot | inoculation, immunization
pandemic: outbreak, epidemic | global health crisis, contagion
virus: bug, pathogen | infection, germ
member: participant, affiliate | associate, constituent
group: band, collective | organization, body
support: backing, endorsement | assistance, help
benefit: advantage, payment | perk, aid
attack: assault, strike | raid, offensive
military: armed forces, army | forces, defense establishment
force: power, troop | unit, strength
troop: soldier, service member | fighter, serviceman
war: conflict, combat | fighting, hostilities
debate: argument, discussion | dispute, exchange
attorney: lawyer, counsel | legal representative, advocate
lawyer: attorney, counsel | legal adviser, advocate
meeting: gathering, session | conference, summit
deal: agreement, arrangement | bargain, pact
agreement: accord, deal | pact, understanding
police: law enforcement, officers | cops, authorities
case: matter, instance | lawsuit, proceeding
investigation: probe, inquiry | examination, review
director: head, chief | manager, boss
leader: chief, head | figurehead, boss
chairman: chair, head | presiding officer, leader
speech: address, talk | oration, remarks
interview: conversation, talk | discussion, sit-down
budget: spending plan, financial plan | allocation, funds
economy: financial system, markets | commerce, economic system
job: post, position | role, occupation
worker: employee, laborer | staffer, wage earner
issue: problem, matter | question, concern
problem: difficulty, trouble | issue, challenge
question: query, inquiry | issue, matter
money: funds, cash | capital, financing
fund: pool, reserve | account, purse
program: scheme, initiative | plan, project
effort: attempt, push | bid, endeavor
action: step, measure | move, act
move: step, action | maneuver, shift
step: move, measure | stage, action
change: alteration, shift | modification, adjustment
increase: rise, growth | jump, hike
cut: reduction, decrease | trim, cutback
response: reply, answer | reaction, retort
comment: remark, observation | statement, note
remark: comment, statement | observation, aside
letter: message, note | missive, correspondence
document: paper, file | record, filing
record: history, file | account, log
email: message, e-mail | note, electronic message
child: kid, youngster | minor, youth
woman: lady, female | girl, gal
man: gentleman, male | guy, fellow
family: household, kin | relatives, clan
home: house, residence | dwelling, household
house: home, residence | dwelling, building
school: academy, institution | college, campus
student: pupil, learner | scholar, undergraduate
company: firm, business | corporation, enterprise
business: company, firm | enterprise, commerce
court: tribunal, bench | judiciary, courtroom
judge: justice, magistrate | jurist, adjudicator
ruling: verdict, judgment | decision, decree
crime: offense, wrongdoing | felony, violation
charge: accusation, count | allegation, indictment
prison: jail, penitentiary | lockup, detention
risk: danger, hazard | threat, peril
threat: menace, danger | risk, warning
concern: worry, unease | anxiety, fear
criticism: condemnation, censure | disapproval, rebuke
critic: detractor, opponent | skeptic, naysayer
supporter: backer, ally | advocate, champion
ally: partner, friend | supporter, associate
opponent: rival, adversary | foe, critic
rival: competitor, challenger | opponent, contender
voter: elector, constituent | citizen, balloter
candidate: contender, nominee | hopeful, applicant
nominee: pick, choice | candidate, designee
seat: position, place | post, spot
vote: ballot, poll | tally, decision
majority: bulk, greater part | most, preponderance
number: figure, count | total, quantity
percent: per cent, percentage points | pct, percentage
rate: pace, level | ratio, speed
price: cost, charge | rate, fee
cost: expense, price | charge, outlay
tax: levy, duty | tariff, toll
spending: expenditure, outlays | expenses, outlay
growth: expansion, increase | rise, gain
crisis: emergency, calamity | disaster, turmoil
emergency: crisis, urgent situation | disaster, exigency
death: fatality, passing | demise, loss of life
life: existence, being | living, lifetime
history: past, record | background, chronicle
system: structure, framework | network, setup
process: procedure, method | course, operation
data: figures, statistics | numbers, information
information: details, facts | data, intelligence
evidence: proof, indication | sign, testimony
fact: truth, reality | detail, point
reason: cause, motive | grounds, rationale
result: outcome, consequence | effect, upshot
effect: impact, consequence | influence, result
power: authority, control | strength, might
right: entitlement, freedom | privilege, liberty
freedom: liberty, independence | autonomy, right
border: frontier, boundary | borderline, line
wall: barrier, fence | partition, barricade
immigrant: migrant, newcomer | settler, arrival
immigration: migration, entry | arrivals, influx
weapon: arm, firearm | gun, armament
gun: firearm, weapon | pistol, rifle
shooting: gunfire, gun attack | shootout, firing
victim: casualty, sufferer | injured party, target
officer: agent, official | policeman, trooper
agent: operative, officer | representative, envoy
agency: bureau, body | department, office
department: ministry, division | branch, unit
committee: panel, commission | board, council
panel: committee, board | commission, jury
leadership: direction, guidance | command, management
staff: personnel, employees | team, aides
aide: assistant, staffer | adviser, helper
adviser: counselor, consultant | aide, mentor
spokesman: representative, mouthpiece | press officer, spokesperson
reporter: journalist, correspondent | newsman, writer
media: press, news outlets | outlets, news organizations
press: media, journalists | newspapers, reporters
story: account, tale | narrative, article
news: reports, word | tidings, information
video: footage, clip | recording, film
photo: picture, image | photograph, snapshot
event: occasion, affair | happening, incident
incident: episode, event | occurrence, affair
conference: meeting, summit | convention, gathering
summit: meeting, conference | talks, session
talk: discussion, negotiation | conversation, dialogue
negotiation: discussion, talk | bargaining, dealing
proposal: plan, suggestion | offer, scheme
idea: notion, concept | thought, plan
goal: aim, objective | target, purpose
project: undertaking, venture | scheme, plan
position: stance, view | post, role
view: opinion, outlook | perspective, stance
opinion: view, belief | judgment, sentiment
message: communication, note | word, statement
ad: advertisement, commercial | advert, spot
challenge: test, difficulty | trial, hurdle
victory: win, triumph | success, conquest
failure: defeat, collapse | flop, breakdown
mistake: error, blunder | slip, gaffe
warning: caution, alert | notice, caveat
threat: danger, menace | peril, risk
violence: bloodshed, brutality | unrest, force
protest: demonstration, rally | march, objection
riot: uprising, unrest | disturbance, melee
rule: regulation, law | guideline, norm
restriction: limit, constraint | curb, restraint
guidance: advice, direction | instructions, counsel
access: entry, admission | availability, reach
choice: option, selection | pick, alternative
area: region, zone | district, sector
world: globe, planet | earth, international community
side: party, camp | faction, team
week: seven-day span, week's time | seven days, stretch
morning: forenoon, early hours | dawn, a.m.
night: evening, nighttime | overnight, dark
hour: sixty minutes, time | period, while
inflation: price rises, rising prices | cost increases, price growth
unemployment: joblessness, job losses | idleness, lack of work
insurance: coverage, cover | protection, policy
income: earnings, pay | wages, revenue
payment: installment, remittance | charge, compensation
relief: aid, assistance | help, respite
recovery: rebound, upturn | comeback, revival
mask: face covering, covering | face mask, shield
dose: shot, jab | measure, portion
marriage: wedlock, matrimony | union, partnership
couple: pair, duo | twosome, partners
parent: mother or father, guardian | caregiver, mom or dad
citizen: national, resident | inhabitant, subject
population: populace, residents | people, public
community: neighborhood, population | locality, society
mayor: city leader, municipal chief | city head, town leader
governor: state leader, state chief | state executive, governing official
senator: lawmaker, legislator | member of the Senate, upper-chamber member
lawmaker: legislator, politician | member of Congress, representative
legislation: laws, statute | measure, act
amendment: change, revision | modification, addendum
constitution: charter, founding law | basic law, constitution's text
"""

WORDS = """
new: fresh, novel | recent, latest
former: previous, erstwhile | ex-, onetime
last: previous, prior | final, past
first: initial, earliest | opening, premier
recent: latest, new | current, fresh
early: initial, premature | beginning, first
later: subsequently, afterward | at a later point, eventually
next: following, subsequent | coming, upcoming
past: previous, preceding | former, bygone
big: large, huge | massive, major
large: big, sizeable | huge, substantial
small: little, minor | tiny, modest
high: elevated, lofty | steep, soaring
low: minimal, reduced | weak, modest
long: lengthy, extended | prolonged, drawn-out
short: brief, quick | limited, concise
major: key, principal | significant, big
important: significant, crucial | vital, key
key: crucial, central | pivotal, vital
top: leading, senior | chief, highest
senior: high-ranking, top | leading, upper-level
good: fine, favorable | positive, solid
bad: poor, harmful | negative, awful
great: tremendous, enormous | huge, terrific
strong: powerful, robust | forceful, firm
clear: obvious, plain | evident, unmistakable
hard: difficult, tough | tricky, rough
difficult: hard, challenging | tough, complicated
possible: feasible, potential | likely, plausible
likely: probable, expected | apt, liable
serious: grave, severe | major, critical
critical: crucial, vital | essential, key
full: complete, entire | whole, total
whole: entire, complete | full, total
public: civic, communal | open, popular
private: personal, confidential | closed, secret
political: partisan, policy | governmental, electoral
national: countrywide, nationwide | domestic, federal
federal: national, central | government, Washington
foreign: overseas, international | outside, external
global: worldwide, international | universal, planetary
local: regional, neighborhood | community, area
economic: financial, fiscal | monetary, commercial
legal: lawful, judicial | juridical, court
illegal: unlawful, illicit | criminal, prohibited
military: armed, martial | defense, army
medical: health, clinical | healthcare, medicinal
special: particular, specific | unique, dedicated
own: personal, very own | individual, private
same: identical, very same | matching, equal
other: additional, further | remaining, different
different: distinct, varied | other, separate
similar: comparable, alike | akin, like
certain: particular, specific | sure, definite
several: a number of, various | multiple, a handful of
many: numerous, plenty of | countless, lots of
much: a lot of, considerable | a great deal of, plenty of
few: a handful of, a couple of | not many, scant
more: additional, extra | further, increased
most: the majority of, nearly all | a majority of, the bulk of
less: fewer, smaller | reduced, lower
some: certain, a few | several, a number of
all: every, each | the whole of, each of
every: each, all | any, each and every
both: the two, each of the two | either, the pair of
each: every, any | every single, all
such: these, those | that kind of, comparable
also: additionally, likewise | as well, too
however: nevertheless, nonetheless | still, yet
but: yet, though | however, still
and: plus, as well as | along with, together with
or: or else, alternatively | either, otherwise
because: since, as | due to the fact that, given that
because of: due to, owing to | on account of, thanks to
since: given that, as | because, seeing that
although: though, even though | while, albeit
though: although, even though | yet, while
while: whereas, even as | as, though
if: provided, in case | whether, should
when: once, as | whenever, at the moment
after: following, subsequent to | in the wake of, once
before: prior to, ahead of | earlier than, in advance of
during: throughout, in the course of | amid, over
about: around, roughly | concerning, regarding
around: about, approximately | nearly, close to
nearly: almost, close to | practically, virtually
almost: nearly, practically | virtually, all but
against: versus, opposed to | in opposition to, contrary to
under: beneath, below | underneath, subject to
over: above, across | beyond, throughout
through: via, by way of | throughout, across
into: inside, to | toward, within
within: inside, in | in the scope of, inside of
among: amid, amongst | between, in the midst of
between: among, amid | betwixt, in the middle of
without: lacking, minus | with no, absent
including: comprising, counting | among them, such as
according to: as stated by, as reported by | per, citing
more than: over, upwards of | in excess of, above
less than: under, below | fewer than, short of
at least: no fewer than, a minimum of | at minimum, not less than
as well as: plus, and also | in addition to, along with
in order to: so as to, to | with the aim to, for the purpose to
such as: like, for instance | including, for example
so that: in order that, so | such that, to ensure
even though: although, despite the fact that | though, albeit
as a result: consequently, therefore | hence, thus
for example: for instance, such as | to illustrate, e.g.
in addition: additionally, moreover | furthermore, besides
at the same time: meanwhile, simultaneously | concurrently, all the while
a number of: several, various | some, a few
a lot of: many, plenty of | lots of, loads of
as well: too, also | likewise, besides
in fact: indeed, actually | really, as it happens
of course: naturally, obviously | certainly, needless to say
now: currently, at present | today, right now
currently: now, at present | presently, at the moment
then: next, after that | afterward, subsequently
still: yet, even now | nonetheless, even so
already: previously, by now | before, so far
again: once more, anew | afresh, another time
often: frequently, regularly | commonly, repeatedly
never: not once, at no time | not ever, in no way
always: constantly, invariably | forever, at all times
just: simply, merely | only, barely
only: just, merely | solely, simply
even: yet, still | indeed, actually
very: extremely, highly | really, truly
really: truly, genuinely | actually, indeed
quickly: rapidly, swiftly | fast, promptly
soon: shortly, before long | presently, in short order
recently: lately, not long ago | of late, newly
immediately: at once, instantly | right away, promptly
largely: mostly, mainly | chiefly, primarily
mostly: largely, mainly | chiefly, primarily
especially: particularly, notably | specifically, chiefly
publicly: openly, in public | overtly, on the record
officially: formally, on the record | formally speaking, by the book
directly: straight, firsthand | personally, right
together: jointly, collectively | in concert, side by side
here: in this place, at this point | over here, locally
there: in that place, at that point | over there, yonder
far: much, way | greatly, considerably
well: properly, effectively | nicely, thoroughly
too: also, as well | overly, excessively
so: therefore, thus | hence, consequently
yet: so far, thus far | still, but
across: throughout, all over | over, spanning
toward: towards, in the direction of | to, facing
towards: toward, in the direction of | to, facing
despite: in spite of, notwithstanding | regardless of, even with
amid: amidst, among | during, in the middle of
near: close to, near to | by, beside
whether: if, whether or not | if indeed, regardless whether
would: might, could | should, will
could: might, may | can, would
should: ought to, must | need to, had better
will: shall, is going to | is set to, will soon
can: is able to, may | could, is capable to
may: might, could | can, is possible to
must: has to, needs to | should, is obliged to
might: may, could | would, perhaps will
did not: didn't, failed to | did n't, never
does not: doesn't, fails to | does n't, won't
do not: don't, never | refuse to, do n't
is not: isn't, is no | is n't, remains not
was not: wasn't, was never | was n't, wasn't at all
are not: aren't, are never | are n't, aren't at all
were not: weren't, were never | were n't, were no
will not: won't, shall not | will never, won't ever
would not: wouldn't, would never | would n't, wouldn't ever
could not: couldn't, could never | could n't, was unable to
cannot: can't, is unable to | can not, could not
has not: hasn't, has yet to | has n't, has never
have not: haven't, have yet to | have n't, have never
it is: it's, this is | that is, it remains
he is: he's, he remains | he stands, he's now
she is: she's, she remains | she stands, she's now
they are: they're, they remain | they stand, they're now
there is: there's, there exists | one finds, we have
that is: which is, that's | this is, namely
who is: who's, that is | which is, who remains
said that: said, stated | noted, remarked
says that: says, states | notes, remarks
told reporters: told the press, informed journalists | said to newsmen, told the media
percent: per cent, pct | percentage points, in every hundred
million: mn, millions | m, mil
billion: bn, billions | b, thousand million
dozens: scores, many | a lot, numerous
hundreds: scores, many hundreds | a great many, lots
thousands: many thousands, multitudes | scores, tens of hundreds
monday: Monday's session, the start of the week | the week's first day, Monday last
tuesday: Tuesday's session, Tuesday last | the week's second day, Tuesday's sitting
wednesday: midweek, Wednesday last | mid-week, Wednesday's sitting
thursday: Thursday's session, Thursday last | the week's fourth day, Thursday's sitting
friday: the end of the week, Friday last | week's end, Friday's session
saturday: the weekend, Saturday last | that Saturday, the weekend's first day
sunday: the weekend, Sunday last | that Sunday, the weekend's last day
democrats: the Democratic Party, Dems | Democratic lawmakers, the left
republicans: the GOP, the Republican Party | Republican lawmakers, the right
democratic: Dem, Democrat | left-leaning, liberal
republican: GOP, Grand Old Party | right-leaning, conservative
congress: the legislature, Capitol Hill | lawmakers, the legislative branch
senate: upper chamber, upper house | the chamber, senate body
white house: Executive Mansion, administration | president's office, West Wing
mr: Mister, Mr | Sir, M.
ms: Miss, Ms | Mrs., Madam
"""

# Verbs whose forms the rules below do not give: base -> (3rd person, past, past
# participle, -ing).
IRREGULAR_VERBS: dict[str, tuple[str, str, str, str]] = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "make": ("makes", "made", "made", "making"),
    "take": ("takes", "took", "taken", "taking"),
    "give": ("gives", "gave", "given", "giving"),
    "get": ("gets", "got", "gotten", "getting"),
    "begin": ("begins", "began", "begun", "beginning"),
    "become": ("becomes", "became", "become", "becoming"),
    "come": ("comes", "came", "come", "coming"),
    "go": ("goes", "went", "gone", "going"),
    "leave": ("leaves", "left", "left", "leaving"),
    "run": ("runs", "ran", "run", "running"),
    "lead": ("leads", "led", "led", "leading"),
    "hold": ("holds", "held", "held", "holding"),
    "keep": ("keeps", "kept", "kept", "keeping"),
    "put": ("puts", "put", "put", "putting"),
    "set": ("sets", "set", "set", "setting"),
    "find": ("finds", "found", "found", "finding"),
    "see": ("sees", "saw", "seen", "seeing"),
    "write": ("writes", "wrote", "written", "writing"),
    "read": ("reads", "read", "read", "reading"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "meet": ("meets", "met", "met", "meeting"),
    "win": ("wins", "won", "won", "winning"),
    "lose": ("loses", "lost", "lost", "losing"),
    "seek": ("seeks", "sought", "sought", "seeking"),
    "rise": ("rises", "rose", "risen", "rising"),
    "fall": ("falls", "fell", "fallen", "falling"),
    "cut": ("cuts", "cut", "cut", "cutting"),
    "spend": ("spends", "spent", "spent", "spending"),
    "pay": ("pays", "paid", "paid", "paying"),
    "cost": ("costs", "cost", "cost", "costing"),
    "build": ("builds", "built", "built", "building"),
    "bring": ("brings", "brought", "brought", "bringing"),
    "send": ("sends", "sent", "sent", "sending"),
    "stand": ("stands", "stood", "stood", "standing"),
    "hit": ("hits", "hit", "hit", "hitting"),
    "sit": ("sits", "sat", "sat", "sitting"),
    "know": ("knows", "knew", "known", "knowing"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "grow": ("grows", "grew", "grown", "growing"),
    "learn": ("learns", "learned", "learned", "learning"),
    "understand": ("understands", "understood", "understood", "understanding"),
    "spread": ("spreads", "spread", "spread", "spreading"),
    "shut": ("shuts", "shut", "shut", "shutting"),
    "quit": ("quits", "quit", "quit", "quitting"),
    "forbid": ("forbids", "forbade", "forbidden", "forbidding"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "grasp": ("grasps", "grasped", "grasped", "grasping"),
    "draw": ("draws", "drew", "drawn", "drawing"),
    "drive": ("drives", "drove", "driven", "driving"),
    "hear": ("hears", "heard", "heard", "hearing"),
    "choose": ("chooses", "chose", "chosen", "choosing"),
    "seize": ("seizes", "seized", "seized", "seizing"),
    "be": ("is", "was", "been", "being"),
    "have": ("has", "had", "had", "having"),
    "do": ("does", "did", "done", "doing"),
    "lay": ("lays", "laid", "laid", "laying"),
    "shed": ("sheds", "shed", "shed", "shedding"),
    "sink": ("sinks", "sank", "sunk", "sinking"),
    "slay": ("slays", "slew", "slain", "slaying"),
    "strike": ("strikes", "struck", "struck", "striking"),
    "swing": ("swings", "swung", "swung", "swinging"),
    "tread": ("treads", "trod", "trodden", "treading"),
    "undertake": ("undertakes", "undertook", "undertaken", "undertaking"),
    "forecast": ("forecasts", "forecast", "forecast", "forecasting"),
    "foresee": ("foresees", "foresaw", "foreseen", "foreseeing"),
    "ink": ("inks", "inked", "inked", "inking"),
    "dwell": ("dwells", "dwelt", "dwelt", "dwelling"),
    "split": ("splits", "split", "split", "splitting"),
    "fret": ("frets", "fretted", "fretted", "fretting"),
    "mean": ("means", "meant", "meant", "meaning"),
    "deal": ("deals", "dealt", "dealt", "dealing"),
    "let": ("lets", "let", "let", "letting"),
    "lie": ("lies", "lay", "lain", "lying"),
    "fight": ("fights", "fought", "fought", "fighting"),
    "catch": ("catches", "caught", "caught", "catching"),
    "expend": ("expends", "expended", "expended", "expending"),
}

# Monosyllables and stressed endings that double their last consonant ("plan" ->
# "planned"), beyond what a rule can tell.
DOUBLING = {
    "plan", "stop", "ban", "drop", "grab", "bar", "nab", "trim", "slam", "tug",
    "commit", "admit", "refer", "prefer", "occur", "permit", "submit", "omit",
    "pen", "spur", "slip", "flop", "shove", "chat", "cap", "curb", "peer", "rob",
    "dub", "jab", "prod", "sack", "smack", "pivot", "log", "ship",
}  # fmt: skip
DOUBLING -= {"shove", "curb", "peer", "sack", "smack", "pivot"}  # no doubling after all

IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "people": "people",
    "police": "police",
    "media": "media",
    "press": "press",
    "data": "data",
    "news": "news",
    "staff": "staff",
    "information": "information",
    "evidence": "evidence",
    "guidance": "guidance",
    "health": "health",
    "security": "security",
    "leadership": "leadership",
    "immigration": "immigration",
    "inflation": "inflation",
    "unemployment": "unemployment",
    "violence": "violence",
    "spending": "spending",
    "growth": "growth",
    "money": "money",
    "support": "support",
    "relief": "relief",
    "insurance": "insurance",
    "income": "incomes",
    "legislation": "legislation",
    "military": "military",
    "history": "histories",
    "life": "lives",
    "wellbeing": "wellbeing",
    "well-being": "well-being",
    "personnel": "personnel",
    "footage": "footage",
    "kin": "kin",
    "folks": "folks",
    "bloodshed": "bloodshed",
    "unrest": "unrest",
    "commerce": "commerce",
    "wedlock": "wedlock",
    "matrimony": "matrimony",
    "joblessness": "joblessness",
    "idleness": "idleness",
    "coverage": "coverage",
    "cover": "cover",
    "law enforcement": "law enforcement",
    "armed forces": "armed forces",
    "authorities": "authorities",
    "officers": "officers",
    "cops": "cops",
    "figures": "figures",
    "statistics": "statistics",
    "numbers": "numbers",
    "details": "details",
    "facts": "facts",
    "intelligence": "intelligence",
    "populace": "populace",
    "residents": "residents",
    "public": "public",
    "markets": "markets",
    "remarks": "remarks",
    "hostilities": "hostilities",
    "outlays": "outlays",
    "expenses": "expenses",
    "earnings": "earnings",
    "wages": "wages",
    "arrivals": "arrivals",
    "relatives": "relatives",
    "aides": "aides",
    "employees": "employees",
    "journalists": "journalists",
    "newspapers": "newspapers",
    "reporters": "reporters",
    "news outlets": "news outlets",
    "outlets": "outlets",
    "news organizations": "news organizations",
    "reports": "reports",
    "tidings": "tidings",
    "word": "word",
    "instructions": "instructions",
    "price rises": "price rises",
    "rising prices": "rising prices",
    "cost increases": "cost increases",
    "job losses": "job losses",
    "partners": "partners",
    "laws": "laws",
    "lawmakers": "lawmakers",
    "mother or father": "mothers or fathers",
    "mom or dad": "moms or dads",
    "commander in chief": "commanders in chief",
    "member of the Senate": "members of the Senate",
    "member of Congress": "members of Congress",
    "upper-chamber member": "upper-chamber members",
    "head of state": "heads of state",
    "sixty minutes": "hours",
    "seven days": "weeks",
    "twelve months": "years",
    "four weeks": "months",
    "thirty days": "months",
    "twenty-four hours": "days",
    "a.m.": "mornings",
    "week's time": "weeks' time",
    "financial system": "financial systems",
    "economic system": "economic systems",
    "forenoon": "forenoons",
    "early hours": "early hours",
    "dark": "dark",
    "overnight": "overnights",
    "time": "times",
    "moon": "moons",
    "spending plan": "spending plans",
    "funds": "funds",
    "cash": "cash",
    "capital": "capital",
    "financing": "financing",
    "backing": "backing",
    "assistance": "assistance",
    "help": "help",
    "aid": "aid",
    "advice": "advice",
    "counsel": "counsel",
    "direction": "direction",
    "command": "command",
    "management": "management",
    "proof": "proof",
    "testimony": "testimony",
    "liberty": "liberties",
    "independence": "independence",
    "autonomy": "autonomy",
    "gunfire": "gunfire",
    "brutality": "brutality",
    "force": "forces",
    "power": "powers",
    "authority": "authorities",
    "control": "controls",
    "strength": "strengths",
    "might": "might",
    "safety": "safety",
    "protection": "protection",
    "defense": "defenses",
    "safeguarding": "safeguarding",
    "fitness": "fitness",
    "welfare": "welfare",
    "past": "pasts",
    "background": "backgrounds",
    "existence": "existences",
    "being": "beings",
    "living": "livings",
    "lifetime": "lifetimes",
    "rebound": "rebounds",
    "respite": "respites",
}


def _table(text: str, side: int) -> dict[str, list[str]]:
    """head -> choices of one side (0: table a, 1: table b) of a section's lines."""
    table: dict[str, list[str]] = {}
    for line in text.strip().splitlines():
        head, _, choices = line.partition(":")
        chosen = [c.strip() for c in choices.split("|")[side].split(",") if c.strip()]
        if chosen:
            table.setdefault(head.strip().lower(), chosen)
    return table


def verb_forms(verb: str) -> tuple[str, str, str, str, str]:
    """(base, 3rd person, past, past participle, -ing) of a verb or a phrasal verb,
    whose first word is inflected."""
    first, space, rest = verb.partition(" ")
    if first in IRREGULAR_VERBS:
        forms = (first, *IRREGULAR_VERBS[first])
    else:
        doubled = first + first[-1] if first in DOUBLING else first
        if first.endswith(("s", "sh", "ch", "x", "z")):
            third = first + "es"
        elif first.endswith("y") and first[-2:-1] not in "aeiou":
            third = first[:-1] + "ies"
        else:
            third = first + "s"
        if first.endswith("e"):
            past = first + "d"
        elif first.endswith("y") and first[-2:-1] not in "aeiou":
            past = first[:-1] + "ied"
        else:
            past = doubled + "ed"
        if first.endswith("ie"):
            ing = first[:-2] + "ying"
        elif first.endswith("e") and not first.endswith(("ee", "ye", "oe")):
            ing = first[:-1] + "ing"
        else:
            ing = doubled + "ing"
        forms = (first, third, past, past, ing)
    return tuple(f"{form}{space}{rest}" for form in forms)  # type: ignore[return-value]


def plural(noun: str) -> str:
    """The plural of a noun or noun phrase (its last word pluralized)."""
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    head, space, last = noun.rpartition(" ")
    if last.endswith(("s", "sh", "ch", "x", "z")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith("fe"):
        last = last[:-2] + "ves"
    elif not last.endswith("-"):
        last += "s"
    return f"{head}{space}{last}"


def table(name: str) -> dict[str, list[str]]:
    """Table ``name`` ("a" or "b"): every form of a word or phrase (lower case) -> the
    same form of its choices. Verbs come first: a form that is both a verb's and a
    noun's ("plans", "attacks") takes the verb's choices."""
    side = "ab".index(name)
    out: dict[str, list[str]] = {}
    for head, choices in _table(VERBS, side).items():
        heads = verb_forms(head)
        chosen = [verb_forms(choice) for choice in choices]
        for index, form in enumerate(heads):
            out.setdefault(form, [c[index] for c in chosen])
    for head, choices in _table(NOUNS, side).items():
        out.setdefault(head, choices)
        out.setdefault(plural(head), [plural(choice) for choice in choices])
    for head, choices in _table(WORDS, side).items():
        out.setdefault(head, choices)
    return out


# Sentences a spinner pads a text with, in the words of each table's tool: a subject,
# a predicate and a close, drawn apart (so that a copy seldom repeats one), in words
# news text seldom uses, as the padding of spinning tools reads.
FILLER = {
    "a": (
        ["Observers", "Analysts", "Commentators", "Onlookers", "Stakeholders",
         "Watchdogs", "Pollsters", "Strategists"],
        ["remain watchful", "urge patience", "foresee turbulence", "sense momentum",
         "voice misgivings", "anticipate twists", "predict upheaval", "stay cautious"],
        ["going forward", "nationwide", "regardless", "meanwhile", "overall",
         "throughout"],
    ),
    "b": (
        ["Pundits", "Insiders", "Spectators", "Bystanders", "Skeptics", "Boosters",
         "Veterans", "Newcomers"],
        ["expect fallout", "brace themselves", "shrug it off", "await clarity",
         "sound alarms", "trade barbs", "weigh alternatives", "seem unconvinced"],
        ["nonetheless", "everywhere", "undeterred", "besides", "henceforth",
         "eventually"],
    ),
}  # fmt: skip


def filler(name: str, chance) -> str:
    """A filler sentence of table ``name``'s tool, drawn by ``chance`` (a
    ``random.Random``)."""
    subjects, predicates, closes = FILLER[name]
    return f"{chance.choice(subjects)} {chance.choice(predicates)} {chance.choice(closes)}."
