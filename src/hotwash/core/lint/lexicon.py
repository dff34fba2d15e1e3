"""Word classes shared by the grammar layer and the rules.

These are small, hand-curated sets: the rules combine them with the grammar layer (who is the
subject of which verb) rather than flagging words on their own.
"""

from __future__ import annotations

# --- people -----------------------------------------------------------------------------------

#: Pronouns that stand for an individual person (or, for "they", for people).
PERSON_PRONOUNS = frozenset({"he", "she", "i", "they", "someone", "somebody", "he'd", "she'd", "they'd",
                             "i'd", "he's", "she's", "they've", "i've", "anyone", "anybody", "whoever"})
#: Collective first person: the organisation owning its actions, not a person being blamed.
WE_PRONOUNS = frozenset({"we", "we'd", "we've", "we're", "us"})
YOU_PRONOUNS = frozenset({"you", "you'd", "you've", "you're", "ya", "u"})
POSSESSIVE_PERSON = frozenset({"his", "her", "their", "your", "my"})

#: Nouns for a person by role. Plural forms are matched by stripping a final "s".
ROLE_NOUNS = frozenset({
    "engineer", "developer", "dev", "programmer", "coder", "admin", "administrator", "sysadmin", "dba",
    "on-call", "oncall", "on-caller", "sre", "technician", "tech", "staffer", "employee", "intern",
    "contractor", "analyst", "responder", "person", "guy", "lead", "teammate", "colleague", "coworker",
    "co-worker", "member", "reviewer", "approver", "architect", "owner", "newcomer", "hire", "junior",
    "senior", "ops", "devops", "cto", "ceo", "cio", "vp", "director", "supervisor", "boss", "staff",
    "individual", "human", "tester", "qa", "author", "committer", "maintainer", "pilot", "commander", "ic", "manager's", "dispatcher",
    "officer", "official", "salesperson", "scientist", "consultant", "volunteer", "nurse",
    "doctor", "clerk", "trader", "specialist", "executive", "leader", "captain",
})
#: Roles that are also names of software parts ("a background worker", "the Kubernetes operator"):
#: a person only when introduced by a determiner or a human modifier.
AMBIGUOUS_ROLES = frozenset({"worker", "operator", "manager", "agent", "user", "controller", "deployer",
                             "runner", "master", "assignee"})
HUMAN_MODIFIERS = frozenset({
    "the", "a", "an", "one", "this", "that", "our", "another", "tired", "junior", "senior", "new", "novice",
    "on-call", "oncall", "government", "state", "shift", "night", "duty", "human", "same", "project",
    "product", "account", "release", "incident", "engineering", "office", "floor", "ops", "it",
    "inexperienced", "experienced", "overworked", "careless", "sloppy", "lazy", "individual",
    # states and descriptions that only people have ("an exhausted operator", "a bumbling worker")
    "exhausted", "frustrated", "stressed", "sleepy", "fatigued", "distracted", "panicked", "hapless",
    "unsuspecting", "unlucky", "poor", "bumbling", "unnamed", "unidentified", "anonymous", "lone", "civil",
    "emergency", "maintenance", "electrical", "contract", "veteran", "rogue", "disgruntled", "hungover",
})
TEAM_NOUNS = frozenset({"team", "squad", "department", "management", "leadership", "crew", "ops", "staff",
                        "engineering", "sres", "devs", "folks", "people", "group", "org"})
#: Modifiers that turn a team-ish word into a system part ("security group", "resource group").
SYSTEM_GROUP_MODIFIERS = frozenset({"security", "resource", "auto-scaling", "autoscaling", "scaling",
                                    "instance", "node", "target", "consumer", "log", "replica", "user",
                                    "cgroup", "control", "placement", "parameter", "subnet", "worker"})

NOBODY = frozenset({"nobody", "no-one", "noone"})

#: Common first names (capitalised in the text to count). Words that are also common English words
#: (Will, May, Mark, Bill, Grace...) are left out on purpose.
FIRST_NAMES = frozenset(["aaron", "abdul", "adam", "adrian", "ahmed", "aisha", "alan", "albert", "alex", "alexander", "alexandra", "alexei", "ali", "alice", "alicia", "amanda", "amir", "amit", "amy", "ana", "andre", "andrea", "andreas", "andrew", "andy", "angela", "anna", "anne", "anthony", "anton", "antonio", "arjun", "ashley", "barbara", "ben", "benjamin", "beth", "bob", "bobby", "boris", "brad", "brandon", "brenda", "brian", "bruce", "carl", "carla", "carlos", "carol", "caroline", "catherine", "charles", "charlie", "chen", "chris", "christian", "christina", "christine", "christopher", "claire", "craig", "dan", "daniel", "danielle", "dave", "david", "deborah", "dennis", "derek", "diana", "diego", "dmitri", "dmitry", "donald", "donna", "doug", "douglas", "dylan", "ed", "eddie", "edward", "elena", "eli", "elizabeth", "ellen", "emily", "emma", "eric", "erik", "ethan", "eve", "evelyn", "fatima", "felix", "fernando", "fiona", "francesca", "francis", "frank", "fred", "gary", "george", "gerald", "greg", "gregory", "hannah", "hans", "harry", "heather", "helen", "henry", "hiroshi", "hugo", "ian", "igor", "irene", "isaac", "ivan", "jack", "jacob", "jake", "james", "jamie", "jan", "jane", "jason", "javier", "jay", "jeff", "jeffrey", "jennifer", "jenny", "jeremy", "jerry", "jessica", "jill", "jim", "jimmy", "joan", "joe", "joel", "john", "johnny", "jon", "jonathan", "jordan", "jorge", "jose", "joseph", "josh", "joshua", "juan", "julia", "julie", "justin", "karen", "karl", "kate", "katherine", "kathy", "katie", "keith", "kelly", "ken", "kenneth", "kevin", "kim", "kyle", "larry", "laura", "lauren", "lee", "leo", "linda", "lisa", "liz", "lucas", "lucy", "luis", "luke", "maria", "marie", "mario", "marta", "martin", "mary", "matt", "matthew", "max", "megan", "michael", "michelle", "miguel", "mike", "mohammed", "nancy", "natalie", "nathan", "nick", "nicole", "nikolai", "nina", "noah", "olga", "oliver", "olivia", "omar", "oscar", "pablo", "pamela", "paul", "pedro", "peter", "phil", "philip", "priya", "rachel", "raj", "rajesh", "ralph", "ravi", "rebecca", "richard", "rick", "rob", "robert", "roberto", "roger", "ronald", "rose", "ross", "ruth", "ryan", "sam", "samantha", "samuel", "sandra", "sanjay", "sara", "sarah", "scott", "sean", "sergei", "sergey", "sharon", "simon", "sofia", "sophia", "stephanie", "stephen", "steve", "steven", "stuart", "susan", "tanya", "ted", "teresa", "thomas", "tim", "timothy", "tina", "todd", "tom", "tony", "tyler", "valentina", "vanessa", "victor", "vikram", "vincent", "walter", "wei", "william", "yuki", "yusuf", "zach", "zoe"]) | frozenset(["abigail", "adele", "agnieszka", "akira", "alessandro", "amara", "anders", "aneta", "anika", "ankit", "arnav", "astrid", "ayesha", "bartosz", "bjorn", "camille", "carmen", "chiara", "chloe", "connor", "dana", "darius", "deepak", "dimitri", "elif", "emeka", "farah", "fatma", "fei", "finn", "gabriel", "giulia", "gustavo", "hamid", "hassan", "helga", "hiro", "ines", "ingrid", "isabel", "jakub", "jens", "jin", "joao", "jorg", "julien", "kai", "kamal", "kaveh", "kenji", "khalid", "kofi", "kwame", "lars", "leila", "liam", "lina", "lorenzo", "lukas", "magnus", "malik", "marcus", "mateo", "matteo", "mehmet", "mei", "milan", "ming", "mira", "mohamed", "nadia", "naveen", "niamh", "nikhil", "nils", "noor", "olaf", "oskar", "pavel", "pooja", "rafael", "rahul", "ramon", "rashid", "reza", "rohan", "rui", "sakura", "santiago", "sasha", "sebastian", "sergio", "shreya", "sipho", "sven", "takeshi", "tariq", "thabo", "theo", "tomas", "ulrich", "vera", "wojciech", "xavier", "yara", "yasmin", "yosef", "zara", "zeynep"])

# --- systems ------------------------------------------------------------------------------------

#: Heads that are clearly not people (used to keep "the alert should have fired" apart).
SYSTEM_NOUNS = frozenset({
    "alert", "alerts", "alarm", "monitor", "monitoring", "check", "checks", "system", "systems", "service",
    "services", "server", "servers", "job", "jobs", "cron", "script", "scripts", "deploy", "deployment",
    "pipeline", "build", "test", "tests", "request", "requests", "query", "queries", "process", "processes",
    "cluster", "node", "nodes", "pod", "pods", "database", "db", "cache", "queue", "config",
    "configuration", "change", "update", "release", "rollout", "tool", "tooling", "api", "endpoint",
    "it", "this", "that", "which", "dashboard", "runbook", "playbook", "page", "pager", "rule", "policy",
    "load", "traffic", "disk", "network", "router", "balancer", "proxy", "certificate", "cert", "code",
    "patch", "migration", "replica", "primary", "backup", "backups", "failover", "health", "probe",
    "scheduler", "controller", "daemon", "thread", "function", "lambda", "container", "image", "version",
    "bug", "flag", "feature", "automation", "bot", "workflow", "procedure", "software", "hardware",
})

# --- verbs --------------------------------------------------------------------------------------

AUXILIARIES = frozenset({
    "had", "has", "have", "was", "were", "is", "are", "be", "been", "being", "did", "does", "do", "will",
    "would", "could", "should", "might", "may", "must", "can", "shall", "then", "also", "just",
    "instead", "again", "already", "still", "never", "not", "once", "later", "first", "subsequently",
    "even", "simply", "only", "apparently", "allegedly", "reportedly", "evidently", "somehow", "yet",
    "too", "ever", "often", "always", "sometimes", "twice", "thereafter", "initially", "ultimately",
    "finally", "eventually", "now", "in", "turn", "managed", "to", "went", "ahead", "actually",
    "clearly", "obviously", "merely", "totally", "completely", "basically", "literally",
    "didn't", "hadn't", "wasn't", "weren't", "doesn't", "don't", "haven't", "hasn't", "won't",
})

#: Adverbs that are not "-ly" words and are skipped between a subject and its verb.
NOT_ADVERBS_LY = frozenset({"supply", "family", "reply", "apply", "assembly", "anomaly", "ally", "rally",
                            "italy", "july", "fly", "poly", "only", "early", "daily", "weekly", "monthly",
                            "hourly", "nightly", "yearly", "belly", "jelly", "holy", "rely", "multiply"})

IRREGULAR_PAST = frozenset({
    "broke", "forgot", "ran", "made", "took", "gave", "sent", "hit", "put", "set", "let", "cut", "left",
    "went", "did", "told", "wrote", "chose", "saw", "knew", "thought", "brought", "caught", "kept", "lost",
    "read", "overrode", "drove", "fell", "got", "began", "shut", "spun", "threw", "understood", "undid",
    "withdrew", "built", "said", "meant", "found", "held", "stood", "led", "blew", "rode", "tore", "shot",
    "forgave", "mistook", "overlooked", "upset", "bought", "sold", "spent", "dealt", "slept", "woke",
})
IRREGULAR_PARTICIPLES = frozenset({
    "broken", "forgotten", "known", "seen", "taken", "given", "done", "gone", "written", "chosen", "run",
    "made", "caught", "brought", "thought", "told", "sent", "put", "set", "been", "read", "kept", "got",
    "gotten", "hit", "let", "cut", "left", "understood", "built", "found", "held", "led", "blown",
    "shut", "spun", "thrown", "undone", "drawn", "driven", "ridden", "spoken", "woken", "overridden",
    "begun", "fallen", "mistaken", "overseen", "foreseen", "paid", "said", "meant", "heard", "felt",
})

#: Verbs that name a person as the breaker ("Bob broke the build").
BREAK_VERBS = frozenset({
    "broke", "broken", "breaks", "caused", "causes", "messed", "screwed", "botched", "bungled", "borked",
    "nuked", "trashed", "fumbled", "wrecked", "sabotaged", "blew", "f'd", "fucked", "effed", "killed",
    "took", "brought", "crashed", "tanked", "flubbed", "fluffed", "knocked", "set",
})
#: Particles that must follow some break verbs ("messed up", "took down").
BREAK_PARTICLES = {"messed": ("up",), "screwed": ("up",), "fucked": ("up",), "effed": ("up",),
                   "blew": ("up", "away"), "took": ("down", "out", "prod", "production"),
                   "brought": ("down",), "killed": ("prod", "production", "the"),
                   "crashed": ("prod", "production", "the"), "tanked": ("prod", "production", "the"),
                   "knocked": ("offline", "out", "over", "down"), "set": ("off",)}
#: Verbs that start an incident, blame only with a person as the agent of a passive whose subject
#: is the incident ("the outage was triggered by an engineer", "a DNS downfall started by one engineer").
CAUSE_PASSIVES = frozenset({"caused", "triggered", "started", "sparked", "set", "initiated", "brought", "knocked"})
#: The incident itself, as the subject of such a passive.
INCIDENT_NOUNS = frozenset({
    "outage", "outages", "incident", "incidents", "downtime", "chaos", "meltdown", "crash", "panic", "downfall",
    "disruption", "disruptions", "failure", "failures", "alarm", "alarms", "problem", "problems", "issue",
    "issues", "mess", "disaster", "shutdown", "loss", "breakage", "crisis", "fiasco", "debacle", "error",
    "errors", "mistake", "blackout", "mishap", "snafu", "catastrophe", "collapse", "havoc",
})

#: Omission verbs: a person not doing something, framed as the cause.
OMISSION_VERBS = frozenset({"forgot", "forgotten", "forgets", "neglected", "neglects", "ignored", "ignores",
                            "overlooked", "overlooks", "skipped", "skips", "disregarded", "bypassed",
                            "refused", "dismissed", "missed", "misses"})
#: Verbs that, after "did not"/"didn't"/"never"/"failed to", describe a human duty not done.
DUTY_VERBS = frozenset({
    "check", "test", "notice", "verify", "read", "review", "follow", "escalate", "ask", "tell", "inform",
    "acknowledge", "ack", "respond", "look", "bother", "update", "renew", "monitor", "discover",
    "realize", "realise", "catch", "consider", "communicate", "double-check", "wait", "run", "confirm",
    "notify", "warn", "document", "coordinate", "act", "react", "answer", "page", "call", "investigate",
    "validate", "anticipate", "think", "pay", "care", "listen", "heed", "report", "restart", "roll",
    "revert", "see", "spot", "detect", "understand", "know", "learn", "plan", "train", "prepare",
    "fulfill", "fulfil", "honor", "honour", "back",
})
#: Gerunds/nouns after "without" that imply skipped diligence.
WITHOUT_DUTIES = frozenset({
    "asking", "checking", "testing", "telling", "consulting", "review", "reviewing", "approval",
    "waiting", "notifying", "informing", "reading", "looking", "verifying", "running", "thinking",
    "a review", "double-checking", "confirming", "permission", "warning", "talking", "coordinating",
    "realizing", "realising", "noticing", "questioning", "validating", "understanding",
})

#: Adverbs that mark an action as an error.
ERROR_ADVERBS = frozenset({"mistakenly", "accidentally", "accidently", "erroneously", "inadvertently",
                           "wrongly", "incorrectly", "unintentionally", "carelessly", "recklessly",
                           "negligently", "foolishly", "stupidly", "wrongfully", "unwittingly"})
#: Adjectives that mark an object as the wrong one ("the wrong server").
WRONG_ADJECTIVES = frozenset({"wrong", "incorrect", "false", "bad", "erroneous", "mistaken"})
#: Verbs of error ("misconfigured the load balancer").
MIS_VERBS = frozenset({"misconfigured", "mishandled", "misjudged", "misread", "mistyped", "misused",
                       "misinterpreted", "misunderstood", "misclicked", "mislabeled", "mislabelled",
                       "miscalculated", "misrouted", "misapplied", "mis-typed", "mis-configured",
                       "fat-fingered", "fatfingered"})

#: Nouns of fault.
FAULT_NOUNS = frozenset({"mistake", "mistakes", "fault", "faults", "error", "errors", "blunder",
                         "blunders", "screw-up", "screwup", "screw-ups", "fuckup", "fuck-up", "fuckups",
                         "oversight", "oversights", "slip", "slip-up", "misstep", "gaffe", "goof",
                         "negligence", "carelessness", "failure", "failing", "failings", "mishap",
                         "bungle", "cock-up", "foul-up", "snafu"})

NEGATIONS = frozenset({"not", "never", "no", "n't", "nothing", "anything", "isn't", "wasn't", "aren't",
                       "weren't", "don't", "doesn't", "didn't", "won't", "cannot", "can't", "without",
                       "hardly", "nor", "neither", "avoid", "avoiding", "rather", "instead"})

#: Words that start a subordinate clause (a clause boundary for subject search).
SUBORDINATORS = frozenset({"when", "while", "because", "although", "though", "if", "since", "after",
                           "before", "until", "unless", "whereas", "as", "but", "so", "once", "where",
                           "whether"})
PREPOSITIONS = frozenset({"on", "in", "from", "at", "of", "with", "for", "during", "inside",
                          "within", "behind", "by", "under", "over"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her",
                         "its", "my", "your", "one", "some", "any", "each", "every", "another", "no"})
