"""Short news passages in each language, written for these tests (issue 15); no dataset text.

Each language has one invented story told by two outlets (``STORIES[code]``); French and Arabic
have a second, unrelated story (``OTHER``) for the mixed-stream grouping test.
"""

from __future__ import annotations

STORIES = {
    "fr": [
        "Le conseil municipal de Lyon a voté lundi la construction d'un nouveau pont sur le Rhône. "
        "Le projet coûtera 45 millions d'euros et les travaux commenceront au printemps. "
        "Selon le maire, le pont réduira les embouteillages dans le centre-ville. "
        "Les associations de cyclistes ont salué « une très bonne nouvelle » pour la ville.",
        "Lyon aura un nouveau pont sur le Rhône : le conseil municipal a approuvé le projet lundi soir. "
        "Les travaux, estimés à 45 millions d'euros, doivent débuter au printemps prochain. "
        "Plusieurs commerçants craignent cependant des mois de perturbations dans le quartier.",
    ],
    "cs": [
        "Městská rada v Brně v pondělí schválila stavbu nové tramvajové trati do univerzitního kampusu. "
        "Stavba bude stát přibližně 900 milionů korun a začne příští rok na jaře. "
        "Podle primátorky trať zkrátí cestu studentů o dvacet minut. "
        "Obyvatelé sousední čtvrti se obávají hluku během stavby, řekl „mluvčí sdružení“ novinářům.",
        "Brno postaví novou tramvajovou trať ke kampusu, rozhodla v pondělí městská rada. "
        "Náklady na stavbu tramvajové trati dosáhnou zhruba 900 milionů korun. "
        "Práce mají začít na jaře a potrvají dva roky.",
    ],
    "el": [
        "Το δημοτικό συμβούλιο της Θεσσαλονίκης ενέκρινε τη Δευτέρα την κατασκευή νέου πάρκου στην παραλία. "
        "Το έργο θα κοστίσει περίπου 12 εκατομμύρια ευρώ και θα ολοκληρωθεί σε δύο χρόνια. "
        "Ο δήμαρχος δήλωσε ότι το πάρκο θα είναι ανοιχτό σε όλους τους κατοίκους. "
        "Πότε θα ξεκινήσουν οι εργασίες; Σύμφωνα με τον δήμο, τον Μάρτιο του επόμενου έτους.",
        "Νέο πάρκο θα αποκτήσει η παραλία της Θεσσαλονίκης, μετά την απόφαση του δημοτικού συμβουλίου τη Δευτέρα. "
        "Το κόστος του έργου στην παραλία εκτιμάται στα 12 εκατομμύρια ευρώ. "
        "Οι κάτοικοι της περιοχής χαιρέτισαν την απόφαση του συμβουλίου.",
    ],
    "ar": [
        "وافق مجلس مدينة عمّان يوم الاثنين على بناء مكتبة عامة جديدة في وسط المدينة. "
        "وستبلغ تكلفة المشروع نحو عشرين مليون دينار، ومن المتوقع أن يكتمل خلال ثلاث سنوات. "
        "وقال رئيس البلدية إن المكتبة ستكون مفتوحة لجميع السكان مجانا. "
        "هل ستضم المكتبة قاعة للأطفال؟ نعم، بحسب المخططات التي نشرها المجلس.",
        "أقر مجلس مدينة عمّان مشروع المكتبة العامة الجديدة في جلسته يوم الاثنين. "
        "وتقدر تكلفة بناء المكتبة العامة بنحو عشرين مليون دينار. "
        "ورحب عدد من الكتاب والطلاب بالقرار الذي انتظروه طويلا.",
    ],
    "he": [
        "מועצת העיר חיפה אישרה ביום שני הקמת גשר הולכי רגל חדש מעל הנמל. "
        "עלות הפרויקט תגיע לכ-30 מיליון שקל, והעבודות צפויות להימשך שנתיים. "
        "ראש העיר אמר כי הגשר יחבר את מרכז העיר לחוף הים. "
        'לדברי דובר העירייה, הפרויקט ימומן בחלקו ע"י משרד התחבורה ויפתח לציבור בעוד שנתיים.',
        "חיפה תקים גשר הולכי רגל חדש מעל הנמל, כך החליטה מועצת העיר ביום שני. "
        "לפי הערכות העירייה, עלות הגשר החדש מעל הנמל תגיע לכ-30 מיליון שקל. "
        "תושבי השכונה הסמוכה הביעו חשש מרעש בזמן הבנייה.",
    ],
    "hi": [
        "पुणे नगर निगम ने सोमवार को शहर में एक नए सरकारी अस्पताल के निर्माण को मंजूरी दी। "
        "इस परियोजना पर लगभग दो सौ करोड़ रुपये खर्च होंगे और यह तीन साल में पूरी होगी। "
        "महापौर ने कहा कि अस्पताल में पाँच सौ बिस्तर होंगे। "
        "आसपास के निवासियों ने इस फैसले का स्वागत किया।",
        "पुणे में नया सरकारी अस्पताल बनेगा, नगर निगम ने सोमवार को यह फैसला लिया। "
        "अधिकारियों के अनुसार नए सरकारी अस्पताल के निर्माण की लागत करीब दो सौ करोड़ रुपये होगी। "
        "अस्पताल में आपातकालीन विभाग और बच्चों का वार्ड भी होगा।",
    ],
}

OTHER = {
    "fr": [
        "L'équipe de football de Marseille a battu Nice trois buts à un samedi soir au stade Vélodrome. "
        "L'attaquant a marqué deux fois en seconde période devant quarante mille supporters. "
        "L'entraîneur a félicité ses joueurs pour leur patience.",
        "Marseille s'est imposé trois à un contre Nice samedi au Vélodrome grâce à un doublé de son attaquant. "
        "Les supporters ont fêté la victoire jusque tard dans la nuit sur le Vieux-Port.",
    ],
    "ar": [
        "فاز فريق الوحدات على الفيصلي بهدفين مقابل هدف واحد في مباراة كرة القدم مساء الجمعة. "
        "وسجل المهاجم الهدف الثاني في الدقيقة الأخيرة أمام آلاف المشجعين. "
        "وقال المدرب إن اللاعبين قدموا أداء رائعا.",
        "حقق الوحدات فوزا مثيرا على الفيصلي بنتيجة اثنين لواحد مساء الجمعة. "
        "واحتفل المشجعون بالفوز في شوارع المدينة حتى ساعة متأخرة.",
    ],
}

ENGLISH = [
    "The city council of Leeds voted on Monday to build a new footbridge over the river Aire. "
    "The project will cost about 30 million pounds and work is expected to take two years.",
    "Leeds will get a new footbridge over the river Aire after a council vote on Monday. "
    "Residents nearby fear noise from the building work.",
]
