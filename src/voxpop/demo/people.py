"""Who appears in the demo: Quirewell's account owners, its customers' companies and
the names of the people who write in. All fictional; domains use the reserved
``.example`` top-level domain so no real mailbox is ever named.
"""

from __future__ import annotations

from dataclasses import dataclass

from voxpop.demo.plan import OwnerPlan
from voxpop.users.models import Role

OWNERS = (
    OwnerPlan("maya.okafor", "Maya", "Okafor", "maya.okafor@quirewell.example", Role.EDITOR),
    OwnerPlan("jonas.berg", "Jonas", "Berg", "jonas.berg@quirewell.example", Role.EDITOR),
    OwnerPlan("lin.wei", "Wei", "Lin", "lin.wei@quirewell.example", Role.EDITOR),
    OwnerPlan("jiwoo.han", "Ji-woo", "Han", "jiwoo.han@quirewell.example", Role.EDITOR),
)

# Which owner looks after which region's accounts (language first, then country).
OWNER_FOR_LANGUAGE = {"zh": "lin.wei", "ko": "jiwoo.han"}
OWNER_FOR_REGION = {"North America": "maya.okafor", "EMEA": "jonas.berg", "APAC": "lin.wei"}

COUNTRIES = {
    # country: (region, currency)
    "US": ("North America", "USD"),
    "CA": ("North America", "USD"),
    "GB": ("EMEA", "GBP"),
    "IE": ("EMEA", "EUR"),
    "DE": ("EMEA", "EUR"),
    "FR": ("EMEA", "EUR"),
    "ES": ("EMEA", "EUR"),
    "NL": ("EMEA", "EUR"),
    "SE": ("EMEA", "EUR"),
    "AU": ("APAC", "USD"),
    "SG": ("APAC", "USD"),
    "CN": ("APAC", "USD"),
    "KR": ("APAC", "USD"),
}


@dataclass(frozen=True)
class Company:
    name: str
    stem: str  # the domain is stem + ".example"
    language: str
    country: str
    industry: str
    employees: int
    # free, plus, business, enterprise, trial (on a Business trial), prospect (evaluating)
    tier: str
    big_company_small_team: bool = False


def _c(
    name: str,
    stem: str,
    language: str,
    country: str,
    industry: str,
    employees: int,
    tier: str,
    *,
    small_team: bool = False,
) -> Company:
    return Company(name, stem, language, country, industry, employees, tier, small_team)


COMPANIES = (
    _c("Brightlane Studio", "brightlane", "en", "US", "Design agency", 35, "plus"),
    _c("Harbor & Pine Legal", "harborpine", "en", "US", "Legal services", 120, "business"),
    _c("Kestrel Robotics", "kestrel-robotics", "en", "US", "Manufacturing", 900, "business"),
    _c("Northpeak Outfitters", "northpeak", "en", "CA", "Retail", 450, "plus"),
    _c("Lumen Health Partners", "lumenhealth", "en", "US", "Healthcare", 6200, "enterprise"),
    _c("Tidewater Logistics", "tidewater", "en", "US", "Logistics", 1400, "business"),
    _c("Copperleaf Media", "copperleaf", "en", "GB", "Media", 260, "business"),
    _c("Fieldnote Research", "fieldnote", "en", "GB", "Market research", 40, "plus"),
    _c("Orbital Freight", "orbitalfreight", "en", "DE", "Logistics", 3100, "enterprise"),
    _c("Greenway Schools", "greenwayschools", "en", "US", "Education", 800, "business"),
    _c("Atlas Biotech", "atlasbio", "en", "US", "Biotech", 2400, "enterprise"),
    _c("Meridian Bank Group", "meridianbank", "en", "GB", "Banking", 52000, "plus", small_team=True),
    _c("Pinecrest Software", "pinecrest", "en", "US", "Software", 180, "business"),
    _c("Saltmarsh Games", "saltmarsh", "en", "IE", "Games", 75, "plus"),
    _c("Bluefin Analytics", "bluefin", "en", "US", "Software", 320, "business"),
    _c("Quarry Lane Architects", "quarrylane", "en", "AU", "Architecture", 60, "plus"),
    _c("Redwood Civic Lab", "redwoodcivic", "en", "US", "Nonprofit", 25, "free"),
    _c("Vela Travel", "velatravel", "en", "ES", "Travel", 210, "business"),
    _c("Ironbark Energy", "ironbark", "en", "AU", "Energy", 4800, "enterprise"),
    _c("Nimbus Cloudworks", "nimbus-cloud", "en", "NL", "Software", 140, "business"),
    _c(
        "Oakridge University Press", "oakridgepress", "en", "US", "Publishing", 30000, "plus", small_team=True
    ),
    _c("Sundial Marketing", "sundial", "en", "US", "Marketing", 18, "plus"),
    _c("Helix Insurance", "helix-insurance", "en", "DE", "Insurance", 11000, "enterprise"),
    _c("Paperkite Network", "paperkite", "en", "CA", "Nonprofit", 12, "free"),
    _c("Driftwood Coffee Co.", "driftwoodcoffee", "en", "US", "Food & beverage", 90, "free"),
    _c("Granite Peak Capital", "granitepeak", "en", "US", "Finance", 400, "business"),
    _c("Foxglove Clinics", "foxglove", "en", "GB", "Healthcare", 700, "business"),
    _c("Wavelength Audio", "wavelength", "en", "SE", "Hardware", 150, "plus"),
    _c("Cobalt Security", "cobaltsec", "en", "US", "Cybersecurity", 600, "enterprise"),
    _c("Maplewood Realty", "maplewood", "en", "CA", "Real estate", 55, "plus"),
    _c("Starling Aerospace", "starling-aero", "en", "FR", "Aerospace", 64000, "business", small_team=True),
    _c("Tinker & Twine", "tinkertwine", "en", "US", "E-commerce", 6, "free"),
    _c("Lakeside Volunteers", "lakeside", "en", "US", "Nonprofit", 8, "free"),
    _c("Polaris Consulting", "polaris", "en", "US", "Consulting", 95, "plus"),
    _c("Evergreen Foods", "evergreenfoods", "en", "US", "Food manufacturing", 8800, "enterprise"),
    _c("Juniper Learning", "juniperlearning", "en", "US", "EdTech", 130, "trial"),
    _c("Cascade Health Systems", "cascadehealth", "en", "US", "Healthcare", 14000, "prospect"),
    _c("Silverline Telecom", "silverline", "en", "GB", "Telecom", 7000, "prospect"),
    _c("Brookfield County", "brookfieldcounty", "en", "US", "Government", 2600, "prospect"),
    _c("Vantage Retail Group", "vantageretail", "en", "US", "Retail", 9500, "prospect"),
    _c("Nordlicht Versicherung", "nordlicht", "en", "DE", "Insurance", 3800, "prospect"),
    _c("Beacon Payments", "beaconpay", "en", "US", "Fintech", 650, "trial"),
    _c("云帆科技", "yunfan-tech", "zh", "CN", "软件", 260, "business"),
    _c("青禾教育", "qinghe-edu", "zh", "CN", "教育", 500, "business"),
    _c("星河互娱", "xinghe-games", "zh", "CN", "游戏", 150, "plus"),
    _c("蓝鲸物流", "lanjing-logistics", "zh", "CN", "物流", 2200, "enterprise"),
    _c("知行咨询", "zhixing-consulting", "zh", "CN", "咨询", 45, "plus"),
    _c("木棉设计工作室", "mumian-design", "zh", "CN", "设计", 12, "free"),
    _c("启明医疗", "qiming-med", "zh", "CN", "医疗", 5400, "enterprise"),
    _c("远山数据", "yuanshan-data", "zh", "SG", "软件", 90, "business"),
    _c("橙果电商", "chengguo-shop", "zh", "CN", "电商", 70, "plus"),
    _c("鼎盛制造集团", "dingsheng-group", "zh", "CN", "制造", 41000, "plus", small_team=True),
    _c("华章文化", "huazhang", "zh", "CN", "出版", 300, "prospect"),
    _c("北辰新能源", "beichen-energy", "zh", "CN", "能源", 3600, "prospect"),
    _c("누리랩스", "nurilabs", "ko", "KR", "소프트웨어", 110, "business"),
    _c("다온헬스케어", "daon-health", "ko", "KR", "헬스케어", 1300, "enterprise"),
    _c("새봄커머스", "saebom-commerce", "ko", "KR", "이커머스", 85, "plus"),
    _c("하늘물류", "haneul-logistics", "ko", "KR", "물류", 2100, "business"),
    _c("온결디자인", "ongyeol-design", "ko", "KR", "디자인", 9, "free"),
    _c("모아핀테크", "moa-fintech", "ko", "KR", "핀테크", 420, "enterprise"),
    _c("별빛게임즈", "byeolbit-games", "ko", "KR", "게임", 160, "plus"),
    _c("푸른숲에듀", "pureunsup-edu", "ko", "KR", "에듀테크", 60, "plus"),
    _c("한결건설", "hangyeol", "ko", "KR", "건설", 38000, "plus", small_team=True),
    _c("가람컨설팅", "garam-consulting", "ko", "KR", "컨설팅", 240, "trial"),
    _c("미래에너지솔루션", "mirae-energy", "ko", "KR", "에너지", 5200, "prospect"),
)

# Given names and family names, each with the spelling used in e-mail addresses.
EN_FIRST = (
    "Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Sophia", "Lucas", "Mia", "Mason", "Isabella",
    "Logan", "Amelia", "James", "Harper", "Daniel", "Chloe", "Henry", "Grace", "Samuel", "Zoe",
    "David", "Nora", "Owen", "Leah", "Ryan", "Hannah", "Marcus", "Priyanka", "Tomas", "Aisha",
    "Kenji", "Fatima", "Lars", "Ingrid", "Mateo", "Sofia", "Jakob", "Elif", "Omar",
)  # fmt: skip
EN_LAST = (
    "Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Martin", "Lee", "Walker", "Hall", "Young", "King", "Wright", "Scott",
    "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips",
    "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Fischer",
    "Schneider", "Jansen", "Dubois", "Rossi", "Novak", "Kowalski", "Lindqvist", "Okoro", "Haddad",
)  # fmt: skip
ZH_FAMILY = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"),
    ("罗", "luo"), ("高", "gao"),
)  # fmt: skip
ZH_GIVEN = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("磊", "lei"),
    ("洋", "yang"), ("艳", "yan"), ("勇", "yong"), ("杰", "jie"), ("婷", "ting"), ("浩然", "haoran"),
    ("子涵", "zihan"), ("思远", "siyuan"), ("雨桐", "yutong"), ("晨", "chen"), ("欣怡", "xinyi"),
    ("宇航", "yuhang"), ("佳琪", "jiaqi"), ("梓轩", "zixuan"), ("一鸣", "yiming"), ("嘉怡", "jiayi"),
    ("文博", "wenbo"), ("若曦", "ruoxi"),
)  # fmt: skip
KO_FAMILY = (
    ("김", "kim"), ("이", "lee"), ("박", "park"), ("최", "choi"), ("정", "jung"), ("강", "kang"),
    ("조", "cho"), ("윤", "yoon"), ("장", "jang"), ("임", "lim"), ("한", "han"), ("오", "oh"),
    ("서", "seo"), ("신", "shin"), ("권", "kwon"), ("황", "hwang"), ("송", "song"), ("류", "ryu"),
)  # fmt: skip
KO_GIVEN = (
    ("민준", "minjun"), ("서연", "seoyeon"), ("지훈", "jihoon"), ("수빈", "subin"), ("도윤", "doyoon"),
    ("하은", "haeun"), ("예준", "yejun"), ("지민", "jimin"), ("현우", "hyunwoo"), ("유진", "yujin"),
    ("성민", "sungmin"), ("은지", "eunji"), ("준호", "junho"), ("다은", "daeun"), ("재원", "jaewon"),
    ("소영", "soyoung"), ("태윤", "taeyun"), ("혜진", "hyejin"), ("동현", "donghyun"), ("나연", "nayeon"),
)  # fmt: skip

# People who write in without an account: social posters and prospects.
SOCIAL_HANDLES = {
    "en": (
        "@danawrites",
        "@opsmatt",
        "@pm_priya",
        "@thenotetaker",
        "@kateonproduct",
        "@devon_builds",
        "@aliceinops",
        "@raj.k",
        "@sam_ships",
        "@nocode_nina",
    ),
    "zh": ("@效率控小王", "@产品经理阿杰", "@周末写代码", "@运营小陈"),
    "ko": ("@일잘러_민지", "@노션말고", "@pm_준호", "@생산성덕후"),
}
PROSPECT_COMPANIES = {
    "en": (
        ("Hollis & Grant", "hollisgrant"),
        ("Wrenfield Labs", "wrenfield"),
        ("Cinderpath Studios", "cinderpath"),
        ("Mosaic Health", "mosaichealth"),
    ),
    "zh": (("拓远科技", "tuoyuan-tech"), ("方舟教育", "fangzhou-edu")),
    "ko": (("이음테크", "ieum-tech"), ("소담출판", "sodam-books")),
}


def person(language: str, first_index: int, last_index: int) -> tuple[str, str, str]:
    """(full name, the name an agent greets them by, e-mail local part) for a language."""
    if language == "zh":
        family, family_latin = ZH_FAMILY[last_index % len(ZH_FAMILY)]
        given, given_latin = ZH_GIVEN[first_index % len(ZH_GIVEN)]
        full = family + given
        return full, full, f"{given_latin}.{family_latin}"
    if language == "ko":
        family, family_latin = KO_FAMILY[last_index % len(KO_FAMILY)]
        given, given_latin = KO_GIVEN[first_index % len(KO_GIVEN)]
        full = family + given
        return full, full, f"{given_latin}.{family_latin}"
    first = EN_FIRST[first_index % len(EN_FIRST)]
    last = EN_LAST[last_index % len(EN_LAST)]
    return f"{first} {last}", first, f"{first}.{last}".lower()


def name_pool_sizes(language: str) -> tuple[int, int]:
    if language == "zh":
        return len(ZH_GIVEN), len(ZH_FAMILY)
    if language == "ko":
        return len(KO_GIVEN), len(KO_FAMILY)
    return len(EN_FIRST), len(EN_LAST)
