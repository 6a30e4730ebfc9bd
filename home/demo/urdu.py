"""The demo in Urdu, written right to left: the home page and the Easy Read summary of
the open consultation.

Plain Urdu by someone who is not a native speaker: both pages are marked in the admin
(Settings → Translation reviews) as needing a native speaker's review before real use.
Strings missing from the table stay in English until a translator fills them in.
"""

from . import welsh

REVIEW_NOTE = (
    "Demo translation in plain Urdu by a non-native speaker. An Urdu speaker must check "
    "it, and translate the strings still in English, before real use."
)

EASY_READ_SLUG = welsh.EASY_READ["slug"]

URDU = {
    # Home page
    "Home": "ہوم",
    "Have your say on local services": "مقامی خدمات کے بارے میں اپنی رائے دیں",
    (
        "Councils, the NHS, police, fire and community groups working together in one "
        "place: find what is open for comment, tell us what you think, and see what "
        "changed because of it."
    ): (
        "کونسلیں، این ایچ ایس، پولیس، فائر سروس اور کمیونٹی گروپ ایک جگہ مل کر کام کر "
        "رہے ہیں: دیکھیں کہ کس بات پر رائے دی جا سکتی ہے، ہمیں اپنی رائے بتائیں، اور "
        "دیکھیں کہ اس کی وجہ سے کیا بدلا۔"
    ),
    # The Easy Read summary of the open consultation
    welsh.EASY_READ["title"]: "آسان زبان میں: شراکت داری کو آپ سے کیسے رابطہ کرنا چاہیے؟",
    welsh.EASY_READ["summary"]: (
        "ہماری مشاورت کا ایک مختصر اور آسان خلاصہ، اس بارے میں کہ ہم آپ سے کیسے بات کرتے ہیں۔"
    ),
    "What is this about?": "یہ کس بارے میں ہے؟",
    "The council, the NHS and other groups work together.": (
        "کونسل، این ایچ ایس اور دوسرے گروپ مل کر کام کرتے ہیں۔"
    ),
    "We want to talk with people who live here.": "ہم یہاں رہنے والے لوگوں سے بات کرنا چاہتے ہیں۔",
    "We want to know the best way to do this.": (
        "ہم جاننا چاہتے ہیں کہ ایسا کرنے کا بہترین طریقہ کیا ہے۔"
    ),
    "What we want to know": "ہم کیا جاننا چاہتے ہیں",
    "Do you like our plan for talking with people?": (
        "کیا آپ کو لوگوں سے بات کرنے کا ہمارا منصوبہ پسند ہے؟"
    ),
    "Is anything missing from our plan?": "کیا ہمارے منصوبے میں کچھ کمی ہے؟",
    "How would you like to take part?": "آپ کس طرح حصہ لینا چاہیں گے؟",
    "How should we tell you what changed?": "ہم آپ کو کیسے بتائیں کہ کیا بدلا؟",
    "How to tell us": "ہمیں کیسے بتائیں",
    "You can fill in the survey on the consultation page.": (
        "آپ مشاورت کے صفحے پر سروے پُر کر سکتے ہیں۔"
    ),
    "You can ask us for the survey on paper, in large print or in another language.": (
        "آپ ہم سے سروے کاغذ پر، بڑے حروف میں یا کسی دوسری زبان میں مانگ سکتے ہیں۔"
    ),
    "You can ask someone to help you.": "آپ کسی سے مدد کے لیے کہہ سکتے ہیں۔",
    "What happens next": "آگے کیا ہوتا ہے",
    "We will read every answer.": "ہم ہر جواب پڑھیں گے۔",
    "We will write on our website what you said and what we did.": (
        "ہم اپنی ویب سائٹ پر لکھیں گے کہ آپ نے کیا کہا اور ہم نے کیا کیا۔"
    ),
}
