"""Word lists for attribution. Plain data, kept apart so the rules stay readable."""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """A set from a whitespace-separated word list."""
    return frozenset(words.split())


# Verbs that introduce direct speech or writing, in every form news copy uses them (crack, gloat
# and sing only as "cracked", "sang"...: "sing songs" and "crack down" are not cues).
SPEECH_VERBS = word_set(
    """
say said says saying tell told tells telling add added adds adding write wrote writes writing
written tweet tweeted tweets tweeting ask asked asks asking continue continued continues
continuing reply replied replies replying respond responded responds responding declare declared
declares conclude concluded concludes explain explained explains explaining note noted notes
noting state stated states recall recalled recalls insist insisted insists argue argued argues
arguing warn warned warns warning claim claimed claims admit admitted admits acknowledge
acknowledged acknowledges shout shouted shouts chant chanted chants chanting yell yelled yells
joke joked jokes quip quipped quips remark remarked remarks observe observed observes announce
announced announces post posted posts testify testified testifies read reads counter countered
counters concede conceded concedes predict predicted predicts boast boasted boasts complain
complained complains lament lamented laments caution cautioned cautions emphasize emphasized
emphasised emphasizes stress stressed stresses exclaim exclaimed exclaims answer answered answers
muse mused muses wonder wondered wonders agree agreed agrees cry cried cries scream screamed
screams whisper whispered whispers promise promised promises vow vowed vows pledge pledged
pledges demand demanded demands plead pleaded pleads urge urged urges suggest suggested suggests
charge charged charges allege alleged alleges assert asserted asserts contend contended contends
maintain maintained maintains tease teased teases mock mocked mocks sneer sneered sneers snap
snapped snaps retort retorted retorts interject interjected interjects begin began begins
proclaim proclaimed proclaims reiterate reiterated reiterates confirm confirmed confirms deny
denied denies opine opined opines thunder thundered thunders scoff scoffed scoffs rail railed
rails blast blasted blasts fume fumed fumes report reported reports recount recounted recounts
describe described describes explaining adding writing telling asking remarking
bark barked barks boom boomed booms beam beamed beams gush gushed gushes sigh sighed sighs growl
growled growls snarl snarled snarls jeer jeered jeers confess confessed confesses confide
confided confides assure assured assures echo echoed echoes affirm affirmed affirms recite
recited recites marvel marveled marvelled marvels elaborate elaborated elaborates yelling
react reacted reacts riff riffed riffs smiles smiled laughs laughed grins grinned
remember remembered remembers surmise surmised surmises recommend recommended recommends
shouting chanting
exhorted exhorts cracked gloated gloats sang sings questioned retaliated retaliates started
"""
)

# Multi-word cues that end in a preposition or particle: "goes on:", "shot back", "put it".
PHRASE_CUES = (
    "is quoted as saying",
    "was quoted as saying",
    "went on to say",
    "goes on to say",
    "went on",
    "goes on",
    "shot back",
    "fired back",
    "pointed out",
    "points out",
    "put it",
    "puts it",
    "summed it up",
    "sums it up",
    "spelled it out",
    "chimed in",
    "weighed in",
    "followed up",
    "wrote in",
    "said of",
    "says of",
)

# Verbs of reported speech that take a partial quote later in the sentence:
# 'called on the leader to "condemn..."', 'accuse X of "silence..."', 'described it as "..."'.
REPORT_VERBS = word_set(
    """call called calls calling urge urged urges accuse accused accuses accusing describe
    described describes describing dub dubbed dubs label labeled labelled labels brand branded
    brands slam slammed slams criticize criticized criticised criticizes blame blamed blames praise
    praised praises condemn condemned condemns promise promised promises vow vowed vows pledge
    pledged pledges insist insisted insists say said says saying tell told tells warn warned warns
    claim claimed claims argue argued argues write wrote writes tweet tweeted tweets add added adds
    ask asked asks demand demanded demands refer referred refers characterize characterized
    characterizes deride derided derides dismiss dismissed dismisses denounce denounced denounces
    attack attacked attacks mock mocked mocks hail hailed hails insist boast boasted boasts
    suggest suggested suggests predict predicted predicts issued issues released releases
    cite cited cites citing"""
)

# Words between a subject and its cue verb: "Trump has also repeatedly said", "Trump now says".
AUXILIARIES = word_set(
    """has have had also later then once previously would will could might may did does do
    recently repeatedly often again famously reportedly simply just quickly never always
    publicly privately frequently immediately first further further subsequently initially
    already still even only angrily proudly flatly bluntly loudly quietly softly calmly
    sarcastically jokingly emphatically defiantly separately earlier now"""
)

TITLES = word_set(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sen sen. senator rep rep. representative
    gov gov. governor president pres. vice secretary sec. speaker gen gen. general col col.
    colonel lt lt. capt capt. captain sgt sgt. adm adm. admiral judge justice chief mayor
    rev rev. reverend father sister brother sir dame lord lady gov. atty attorney dean
    chairman chairwoman chair ambassador commissioner director minister premier
    king queen prince princess pope rabbi imam bishop cardinal officer detective sheriff
    former candidate nominee pastor coach councillor councilor councilman councilwoman
    alderman assemblyman assemblywoman congressman congresswoman mp mep mla chancellor
    superintendent inspector constable trooper professor baroness baron earl viscount"""
)

PRONOUNS_SINGULAR = frozenset({"he", "she"})
PRONOUNS_PLURAL = frozenset({"they", "we"})
PRONOUNS_FIRST = frozenset({"i", "we"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you"})

# Nouns that stand for a group or a document speaking for one ("the letter goes on").
GROUP_NOUNS = word_set(
    """letter statement activists campaigners protesters protestors supporters signatories
    group campaign organisers organizers members petition report memo email e-mail note
    release announcement message post tweet critics authors writers letter's"""
)

# Capitalised words that open sentences but are not names.
NON_NAME_WORDS = word_set(
    """the a an and but or so yet for nor in on at by to of from with as if when while after
    before since because though although this that these those there here it its his her
    their our my your we they he she i you who what where why how which then now later still
    also meanwhile however yesterday today tonight tomorrow monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september october
    november december last next earlier asked speaking during despite instead indeed according
    both some many most several all other others one two three no not yes well even just only
    more such said says told added any each every ever back maybe perhaps likewise similarly
    moreover furthermore among amid alongside outside inside across despite following throughout
    within without behind beyond name stated explained noted wrote writes adds"""
)

# Words after a cue that end the speaker phrase: `said Mr Smith in a statement`.
NP_STOPS = word_set(
    """in on at during after before when while as who which that because to told adding
    saying according referring about with from since until without via"""
)

# Words that end the subject phrase when scanning backwards from a cue.
BACK_STOPS = word_set(
    """that and but or because when while as if though although which who whom where so than
    then said says told added after before since until unless once whereas"""
)

# A time phrase between a subject and its cue: "Priebus later Thursday told Fox News".
TIME_WORDS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    morning afternoon evening night week weekend month year"""
)
TIME_LEADS = word_set("later earlier on last this next late early again also then")

# Lowercase words that show a phrase is a clause, not a speaker: "Lori Bernstein held up".
CLAUSE_WORDS = word_set(
    """had has have was were is are held made took gave sent did got put this these be been
    being will would can could should must may might this"""
)

# Nouns for what a person is or does, written before the name: "Wasps coach Warren Gatland",
# "Real Madrid director of sport Emilio Butragueno", "British number one Tim Henman". A
# capitalised run before one of them is the person's affiliation, not the person.
ROLE_WORDS = word_set(
    """boss chief coach head captain skipper star champion seed number deputy assistant
    general secretary chair chairman chairwoman president minister spokesman spokeswoman
    spokesperson executive official aide adviser advisor analyst economist director manager
    editor founder leader owner partner player striker midfielder defender goalkeeper keeper
    winger forward flanker fly-half scrum-half full-back centre prop hooker lock bowler batsman
    all-rounder sprinter runner jumper vaulter hurdler swimmer cyclist rider driver jockey boxer
    golfer umpire referee singer guitarist drummer bassist frontman frontwoman rapper actor
    actress comedian comic presenter host dj producer designer writer author novelist poet
    playwright critic artist photographer film-maker filmmaker chef model veteran legend
    icon correspondent reporter columnist commentator lawyer barrister solicitor judge doctor
    surgeon scientist professor researcher expert campaigner activist protester organiser
    teacher student mp mep msp am peer lord baroness chancellor governor mayor councillor
    ambassador envoy king queen prince princess premier"""
)
# Endings of role nouns the list does not hold: pathologist, trainer, inspector, technician.
ROLE_ENDINGS = ("ist", "er", "or", "man", "woman", "ian", "ent", "ant", "eur")


def is_role_word(word: str) -> bool:
    """A lower-case noun for what a person is or does: "coach", "controller", "pathologist"."""
    low = word.lower()
    return (
        low in ROLE_WORDS
        or low in TITLES
        or (len(low) > 4 and low.endswith(ROLE_ENDINGS) and low not in _NOT_ROLES)
    )


# Words with a role noun's ending that name things: "the document", "the number", "the order".
_NOT_ROLES = word_set(
    """document documents government agreement statement comment comments moment parliament
    tournament department element event order number other corner centre center matter
    letter paper power water winter summer weather border chapter member members register
    quarter manner answer offer price rather either never ever whether ministry factor"""
)


def is_verb_like(word: str) -> bool:
    """A lower-case word that ends a subject phrase as its verb: "said", "has", "repeated"."""
    low = word.lower()
    if not word.islower():
        return False
    return (
        low in SPEECH_VERBS
        or low in REPORT_VERBS
        or low in CLAUSE_WORDS
        or (low.endswith("ed") and len(low) > 4)
    )
