"""The demo in Welsh, and the Easy Read summary of the open consultation.

The Welsh is plain Welsh written by someone who is not a native speaker: every Welsh
page is marked in the admin (Settings → Translation reviews, the dashboard and the
page editor) as needing a native speaker's review before real use. Residents see no
banner: the words are meant to be read. Strings missing from the table stay in English
until a translator fills them in, in wagtail-localize's editor.
"""

from .blocks import bullets, heading, text

REVIEW_NOTE = (
    "Demo translation in plain Welsh by a non-native speaker. A Welsh speaker must check "
    "it, and translate the strings still in English, before real use."
)

CONSULTATION_SLUG = "how-should-we-engage-with-you"

EASY_READ = {
    "slug": "easy-read-how-should-we-engage-with-you",
    "title": "Easy Read: How should the partnership engage with you?",
    "summary": "A short, easy to use summary of our consultation about how we talk with you.",
}


def easy_read_body():
    return [
        heading("What is this about?"),
        text(
            "The council, the NHS and other groups work together.",
            "We want to talk with people who live here.",
            "We want to know the best way to do this.",
        ),
        heading("What we want to know"),
        bullets(
            [
                "Do you like our plan for talking with people?",
                "Is anything missing from our plan?",
                "How would you like to take part?",
                "How should we tell you what changed?",
            ]
        ),
        heading("How to tell us"),
        text(
            "You can fill in the survey on the consultation page.",
            "You can ask us for the survey on paper, in large print or in another language.",
            "You can ask someone to help you.",
        ),
        heading("What happens next"),
        text(
            "We will read every answer.",
            "We will write on our website what you said and what we did.",
        ),
    ]


WELSH = {
    "For example, 27 6 2018": "Er enghraifft, 27 6 2018",
    "How many consultations or engagement events have you taken part in during the last year?": (
        "Faint o ymgynghoriadau neu ddigwyddiadau ymgysylltu ydych chi wedi cymryd rhan "
        "ynddynt yn ystod y flwyddyn ddiwethaf?"
    ),
    "If you would like to join our citizens' panel, what is your email address?": (
        "Os hoffech ymuno â'n panel dinasyddion, beth yw eich cyfeiriad e-bost?"
    ),
    "We will only use it to invite you to the panel.": (
        "Byddwn yn ei ddefnyddio i'ch gwahodd i'r panel yn unig."
    ),
    "When did you last take part in a consultation or engagement event?": (
        "Pryd wnaethoch chi gymryd rhan mewn ymgynghoriad neu ddigwyddiad ymgysylltu ddiwethaf?"
    ),
    # Addresses: Welsh slugs, so /cy/ymgynghoriadau/… reads as Welsh.
    "home": "hafan",
    "consultations": "ymgynghoriadau",
    CONSULTATION_SLUG: "sut-dylai-r-bartneriaeth-ymgysylltu-a-chi",
    # Home page
    "Home": "Hafan",
    "Have your say on local services": "Dweud eich dweud am wasanaethau lleol",
    (
        "Councils, the NHS, police, fire and community groups working together in one "
        "place: find what is open for comment, tell us what you think, and see what "
        "changed because of it."
    ): (
        "Cynghorau, y GIG, yr heddlu, y gwasanaeth tân a grwpiau cymunedol yn gweithio "
        "gyda'i gilydd mewn un lle: dewch o hyd i beth sydd ar agor i sylwadau, dywedwch "
        "wrthym beth yw eich barn, a gwelwch beth newidiodd o'i herwydd."
    ),
    # Consultations index
    "Consultations": "Ymgynghoriadau",
    (
        "Everything the partners are asking residents about, what is coming up, and what "
        "happened after earlier consultations."
    ): (
        "Popeth mae'r partneriaid yn ei ofyn i drigolion, beth sydd i ddod, a beth "
        "ddigwyddodd ar ôl ymgynghoriadau blaenorol."
    ),
    # The open consultation
    "How should the partnership engage with you?": ("Sut dylai'r bartneriaeth ymgysylltu â chi?"),
    (
        "Tell us what you think of our shared vision and objectives for engaging "
        "residents, what is missing, and how we could do better."
    ): (
        "Dywedwch wrthym beth yw eich barn am ein gweledigaeth a'n hamcanion ar y cyd ar "
        "gyfer ymgysylltu â thrigolion, beth sydd ar goll, a sut gallem wneud yn well."
    ),
    (
        "Everyone who lives in, works in or uses services in Tameside and Glossop, "
        "especially people whose voices are heard least."
    ): (
        "Pawb sy'n byw, yn gweithio neu'n defnyddio gwasanaethau yn Tameside a Glossop, "
        "yn enwedig pobl y clywir eu lleisiau leiaf."
    ),
    (
        "The partners agreed a shared engagement strategy with residents and community "
        "groups. Before we refresh it, we want to hear whether it still says the right "
        "things, and what we should do differently."
    ): (
        "Cytunodd y partneriaid ar strategaeth ymgysylltu ar y cyd gyda thrigolion a "
        "grwpiau cymunedol. Cyn i ni ei diweddaru, rydym eisiau clywed a yw'n dal i "
        "ddweud y pethau iawn, a beth dylem ei wneud yn wahanol."
    ),
    "Other ways to respond": "Ffyrdd eraill o ymateb",
    (
        "You can also respond on paper, at a PEN Conference, or by phone. Ask the "
        "engagement team for a copy in large print, easy read or another language."
    ): (
        "Gallwch hefyd ymateb ar bapur, mewn Cynhadledd PEN, neu dros y ffôn. Gofynnwch "
        "i'r tîm ymgysylltu am gopi mewn print bras, fformat hawdd ei ddeall neu iaith arall."
    ),
    "Have your say": "Dweud eich dweud",
    (
        "It takes about ten minutes. Only the consent question is required apart from "
        "the first few."
    ): (
        "Mae'n cymryd tua deg munud. Dim ond y cwestiwn caniatâd sy'n orfodol ar wahân "
        "i'r ychydig gyntaf."
    ),
    (
        "The engagement team of the Strategic Commission reads your answers. We report "
        "them only as totals and anonymous quotes, and delete responses two years after "
        "the consultation closes."
    ): (
        "Tîm ymgysylltu'r Comisiwn Strategol sy'n darllen eich atebion. Dim ond fel "
        "cyfansymiau a dyfyniadau dienw rydym yn eu hadrodd, ac rydym yn dileu ymatebion "
        "ddwy flynedd ar ôl i'r ymgynghoriad gau."
    ),
    "Send my response": "Anfon fy ymateb",
    "What do you think of our vision and objectives for engagement?": (
        "Beth yw eich barn am ein gweledigaeth a'n hamcanion ar gyfer ymgysylltu?"
    ),
    "The vision and the six objectives are set out above.": (
        "Mae'r weledigaeth a'r chwe amcan wedi'u nodi uchod."
    ),
    "Are any objectives missing? Tell us what, and why they should be included.": (
        "A oes unrhyw amcanion ar goll? Dywedwch wrthym beth, a pham y dylid eu cynnwys."
    ),
    "What ideas do you have for how partners could engage with you better?": (
        "Pa syniadau sydd gennych am sut gallai partneriaid ymgysylltu â chi'n well?"
    ),
    "Partners start conversations with residents early enough to shape their plans.": (
        "Mae partneriaid yn dechrau sgyrsiau gyda thrigolion yn ddigon cynnar i lunio eu "
        "cynlluniau."
    ),
    "How well do partners tell you what changed after you took part?": (
        "Pa mor dda mae partneriaid yn dweud wrthych beth newidiodd ar ôl i chi gymryd rhan?"
    ),
    "Very poorly": "Gwael iawn",
    "Very well": "Da iawn",
    "How would you like to take part?": "Sut hoffech chi gymryd rhan?",
    "Choose all that apply.": "Dewiswch bob un sy'n berthnasol.",
    "Online surveys": "Arolygon ar-lein",
    "Public meetings and events": "Cyfarfodydd a digwyddiadau cyhoeddus",
    "A citizens' panel": "Panel dinasyddion",
    "Focus groups": "Grwpiau ffocws",
    "The PEN Conference or Forum": "Cynhadledd neu Fforwm PEN",
    "Social media": "Cyfryngau cymdeithasol",
    "How did you hear about this consultation?": "Sut clywsoch chi am yr ymgynghoriad hwn?",
    "This website": "Y wefan hon",
    "A newsletter": "Cylchlythyr",
    "A community group": "Grŵp cymunedol",
    "Word of mouth": "Ar lafar",
    "Rank these ways of hearing what changed because of your views": (
        "Rhowch y ffyrdd hyn o glywed beth newidiodd oherwydd eich barn mewn trefn"
    ),
    "1 is the way you would most like to hear.": "1 yw'r ffordd yr hoffech glywed fwyaf.",
    "An email to me": "E-bost ataf i",
    "A 'You said, we did' page": "Tudalen 'Dywedoch chi, gwnaethom ni'",
    "The residents' newsletter": "Cylchlythyr y trigolion",
    "A public meeting": "Cyfarfod cyhoeddus",
    "What is your postcode?": "Beth yw eich cod post?",
    "We use it to see which areas we are hearing from. We never publish it.": (
        "Rydym yn ei ddefnyddio i weld o ba ardaloedd rydym yn clywed. Nid ydym byth yn "
        "ei gyhoeddi."
    ),
    "Do you look after someone because of their health, disability or age?": (
        "Ydych chi'n gofalu am rywun oherwydd eu hiechyd, anabledd neu oedran?"
    ),
    "What would make it easier for you to take part as a carer?": (
        "Beth fyddai'n ei gwneud yn haws i chi gymryd rhan fel gofalwr?"
    ),
    # The survey's steps and the questions added with them
    "Our vision and objectives": "Ein gweledigaeth a'n hamcanion",
    "How partners engage with you": "Sut mae partneriaid yn ymgysylltu â chi",
    "Taking part": "Cymryd rhan",
    "Have you taken part in a consultation or engagement event in the last year?": (
        "Ydych chi wedi cymryd rhan mewn ymgynghoriad neu ddigwyddiad ymgysylltu yn ystod "
        "y flwyddyn ddiwethaf?"
    ),
    "When you took part": "Pan wnaethoch chi gymryd rhan",
    "Which consultation or event was it?": "Pa ymgynghoriad neu ddigwyddiad oedd e?",
    "If you took part in more than one, the most recent.": (
        "Os gwnaethoch chi gymryd rhan mewn mwy nag un, yr un diweddaraf."
    ),
    "Your area and the citizens' panel": "Eich ardal a'r panel dinasyddion",
    # The open consultation's "About this consultation"
    (
        "We propose to keep one shared engagement strategy across the council, the NHS "
        "and their partners, built on the vision, six objectives and eight principles "
        "agreed with the Partnership Engagement Network. We want to check they still "
        "describe what residents expect before we refresh the strategy."
    ): (
        "Rydym yn cynnig cadw un strategaeth ymgysylltu ar y cyd ar draws y cyngor, y GIG "
        "a'u partneriaid, wedi'i seilio ar y weledigaeth, y chwe amcan a'r wyth egwyddor "
        "a gytunwyd gyda'r Rhwydwaith Ymgysylltu Partneriaeth. Rydym eisiau gwirio eu bod "
        "yn dal i ddisgrifio beth mae trigolion yn ei ddisgwyl cyn i ni ddiweddaru'r "
        "strategaeth."
    ),
    (
        "The wording of the vision, which objectives we keep or add, and how we put "
        "the principles into practice."
    ): (
        "Geiriad y weledigaeth, pa amcanion rydym yn eu cadw neu'n eu hychwanegu, a sut "
        "rydym yn rhoi'r egwyddorion ar waith."
    ),
    (
        "Our legal duties to involve patients and the public, to consult overview and "
        "scrutiny, and to have due regard to equality."
    ): (
        "Ein dyletswyddau cyfreithiol i gynnwys cleifion a'r cyhoedd, i ymgynghori â "
        "throsolwg a chraffu, ac i roi sylw dyledus i gydraddoldeb."
    ),
    (
        "Every response is read. A summary goes to the PEN Forum and the Strategic "
        "Commission, and we will publish what you said and what we did on this page."
    ): (
        "Mae pob ymateb yn cael ei ddarllen. Mae crynodeb yn mynd i Fforwm PEN a'r "
        "Comisiwn Strategol, a byddwn yn cyhoeddi beth ddywedoch chi a beth wnaethom ni "
        "ar y dudalen hon."
    ),
    "Using your answers": "Defnyddio eich atebion",
    "I understand how my answers will be used, as the privacy notice explains.": (
        "Rwy'n deall sut y bydd fy atebion yn cael eu defnyddio, fel mae'r hysbysiad "
        "preifatrwydd yn ei esbonio."
    ),
    "Questions and answers": "Cwestiynau ac atebion",
    "Why are you asking about equality?": "Pam rydych chi'n gofyn am gydraddoldeb?",
    (
        "The public sector equality duty asks us to check we hear from everyone. The "
        "questions are optional and kept apart from your answers."
    ): (
        "Mae dyletswydd cydraddoldeb y sector cyhoeddus yn gofyn i ni wirio ein bod yn "
        "clywed gan bawb. Mae'r cwestiynau'n ddewisol ac yn cael eu cadw ar wahân i'ch "
        "atebion."
    ),
    "What happens after the consultation closes?": "Beth sy'n digwydd ar ôl i'r ymgynghoriad gau?",
    "We publish a summary of what people told us and what we decided to do.": (
        "Rydym yn cyhoeddi crynodeb o beth ddywedodd pobl wrthym a beth benderfynon ni ei wneud."
    ),
    "Join the conversation": "Ymuno â'r sgwrs",
    "Share your view with others. A moderator checks every comment before it appears.": (
        "Rhannwch eich barn ag eraill. Mae cymedrolwr yn gwirio pob sylw cyn iddo ymddangos."
    ),
    "Contact us": "Cysylltu â ni",
}
