"""Which pronoun a person's name or role calls for, where the text gives no title.

"Mr. Trump" and "Ms. Lynch" say it with a title (see :mod:`parallax.annotate.actors`);
without one, a common given name ("Kevin", "Melanie") or a gendered role word
("congresswoman", "his wife") does. Names used for both sexes are in neither list.

>>> pronoun_for_given_name("Kevin"), pronoun_for_given_name("Melanie"), pronoun_for_given_name("Taylor")
('he', 'she', None)
"""

from __future__ import annotations

from .roles import words

#: Common English given names of men (US birth records, several generations).
MALE_NAMES = frozenset(
    words("""aaron abraham adam adrian al alan albert alberto alec alex alexander alfred allen alvin
    andre andrew andy angelo anthony antonio arnold arthur austin barack barry ben benjamin
    bernard bernie bill billy bob bobby brad bradley brandon brent brett brian bruce bryan
    byron calvin carl carlos cecil chad charles charlie chester chris christopher chuck
    clarence claude clifford clint clyde cody colin cory craig curtis dan daniel danny
    darrell darren dave david dean dennis derek derrick dick don donald doug douglas duane
    dustin dwayne dwight earl eddie edgar eduardo edward edwin elijah elliot emmanuel
    enrique eric ernest eugene evan felix fernando floyd francisco frank franklin fred
    frederick gabriel gary gene geoffrey george gerald gilbert glen glenn gordon greg
    gregory harold harry harvey hector henry herbert herman howard hugh ian isaac ivan jack
    jacob jake james jared jason javier jay jeff jeffrey jeremy jerome jerry jesse jesus jim
    jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan julian justin
    karl keith ken kenneth kevin kurt kyle lance larry lawrence leo leon leonard leroy
    lester lewis lloyd lonnie louis luis luke malcolm manuel marc marco marcus mario mark
    marshall martin marvin matt matthew maurice max melvin michael miguel mike mitch
    mitchell nathan nathaniel neil nelson nicholas nick noah norman oliver omar oscar pablo
    patrick paul pedro pete peter phil philip phillip rafael ralph ramon randall randy ray
    raymond reggie reginald ricardo richard rick ricky rob robert roberto rod rodney roger
    roland ron ronald ross roy ruben russell ryan sam samuel scott sean sergio seth shane
    shawn simon stanley stephen steve steven stuart ted terrence theodore thomas tim timothy
    todd tom tommy tony travis trevor troy tyler vernon victor vincent vladimir wade walter
    wayne wesley willie william zachary""")
)

#: Common English given names of women.
FEMALE_NAMES = frozenset(
    words("""abigail ada adriana agnes alice alicia alison allison alma amanda amber amy ana andrea
    angela angelica angie anita ann anna anne annette annie april arlene audrey barbara
    beatrice becky belinda bernice beth betty beverly bonnie brenda bridget brittany brooke
    candace carla carmen carol caroline carolyn carrie catherine cathy charlene charlotte
    chelsea cheryl christina christine cindy claire clara claudia colleen connie constance
    courtney crystal cynthia daisy danielle darlene dawn debbie deborah debra delores denise
    diana diane dolores donna dora doris dorothy edith edna eileen elaine eleanor elena
    elizabeth ella ellen eloise elsie emily emma erica erika erin esther ethel eva evelyn
    faith felicia florence frances gail gina gladys gloria grace gwen gwendolyn hannah
    harriet hazel heather heidi helen hillary holly ida irene iris isabel jacqueline jane
    janet janice jean jeanette jennifer jenny jessica jill joan joann joanne josephine joy
    joyce juanita judith judy julia julie june karen katherine kathleen kathryn kathy katie
    kay kimberly kristen kristin laura lauren laurie leah lillian linda lisa lois loretta
    lori lorraine louise lucille lucy lydia mabel maria marian marie marilyn marjorie
    marlene martha mary maureen megan melania melanie melinda melissa michele michelle
    mildred miriam molly monica nancy naomi natalie nicole nina nora norma olivia pamela
    patricia paula pauline peggy penny phyllis priscilla rachel rebecca regina renee rhonda
    rita roberta rosa rose rosemary ruby ruth sally samantha sandra sara sarah sharon sheila
    shelly sherry shirley sonia sonya sophia stacy stella stephanie sue susan suzanne sylvia
    tamara tammy tanya teresa theresa tiffany tina tonya valerie vanessa vera veronica vicki
    victoria violet virginia vivian wanda wendy yolanda yvonne""")
)

#: Role words that say which pronoun fits the person they describe.
FEMALE_ROLES = frozenset(
    words("""woman women congresswoman spokeswoman chairwoman businesswoman actress wife mother daughter
    sister grandmother aunt niece widow queen princess lady girl mom""")
)
MALE_ROLES = frozenset(
    words("""man congressman businessman actor husband father son brother grandfather uncle nephew
    widower king prince boy dad""")
)


def pronoun_for_given_name(name: str) -> str | None:
    """ "he" or "she" for a common given name (any case), None when unknown or shared."""
    lower = name.lower().strip(".")
    if lower in MALE_NAMES:
        return "he"
    if lower in FEMALE_NAMES:
        return "she"
    return None


def pronoun_for_role(role_words: list[str]) -> str | None:
    """ "he" or "she" when a gendered role word ("congresswoman", "his wife") describes
    the person, None otherwise or when the words disagree."""
    lowered = {w.lower().strip(",.") for w in role_words}
    female, male = bool(lowered & FEMALE_ROLES), bool(lowered & MALE_ROLES)
    if female != male:
        return "she" if female else "he"
    return None
