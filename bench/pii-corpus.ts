/**
 * The labelled corpus the PII detector is measured on: what participants say in interviews
 * (hiring, customer research, healthcare intake, banking support), typed and as speech
 * recognition writes it (lower case, no punctuation, numbers spoken as words), plus near-miss
 * sentences that must produce no entity. The benchmark and the detector test share it, so it
 * lives here rather than under test/.
 *
 * A sample is written with its labels inline: `[[EMAIL|grace.hopper@example.com]]` marks the
 * text between `|` and `]]` as an EMAIL span. Every value is fictitious: reserved phone ranges
 * (555-01xx), documentation IP ranges, published test card numbers and IBANs.
 */
import { PII_TYPES, type PiiEntity, type PiiType } from '../lib/pii/pii-entity';

export interface CorpusSample {
  text: string;
  labels: PiiEntity[];
  /** The participant's own name, as the run record gives it to the detector. */
  knownNames: string[];
}

const markPattern = /\[\[([A-Z_]+)\|(.*?)\]\]/g;

function sample(marked: string, knownNames: string[] = []): CorpusSample {
  const labels: PiiEntity[] = [];
  let text = '';
  let cursor = 0;
  for (const match of marked.matchAll(markPattern)) {
    const type = match[1] as PiiType;
    if (!PII_TYPES.includes(type)) throw new Error(`unknown PII type in corpus: ${type}`);
    text += marked.slice(cursor, match.index);
    labels.push({ type, start: text.length, end: text.length + match[2]!.length });
    text += match[2];
    cursor = match.index + match[0].length;
  }
  text += marked.slice(cursor);
  return { text, labels, knownNames };
}

const hiring = [
  sample(
    "Hi, I'm [[PERSON_NAME|Priya Raman]], and I've been a backend engineer for about six years.",
    ['Priya Raman'],
  ),
  sample(
    'my name is [[PERSON_NAME|marcus okafor]] and i applied for the data analyst role in march',
    ['Marcus Okafor'],
  ),
  sample(
    'Sure, the best email is [[EMAIL|m.okafor@example.com]], or my cell, [[PHONE_NUMBER|(415) 555-0132]].',
    ['Marcus Okafor'],
  ),
  sample('you can reach me at [[EMAIL|priya dot raman at example dot com]] any time after five', [
    'Priya Raman',
  ]),
  sample(
    "the best number is [[PHONE_NUMBER|four one five, five five five, zero one nine nine]] that's my cell",
  ),
  sample(
    'I reported to [[PERSON_NAME|Sarah Lindqvist]] for three years; she ran platform engineering.',
  ),
  sample('At my last job my manager, [[PERSON_NAME|Tom Becker]], pushed us to ship every week.'),
  sample("Hey, this is [[PERSON_NAME|Daniel Kim]] speaking, sorry I'm a couple of minutes late.", [
    'Daniel Kim',
  ]),
  sample("I'm in London at the moment, so my mobile is [[PHONE_NUMBER|+44 7911 123456]]."),
  sample(
    'For the background check they wanted my social, which is [[SSN|078-05-1120]], and my date of birth, [[DATE_OF_BIRTH|March 14, 1988]].',
  ),
  sample('my social security number is [[SSN|two one nine, oh nine, nine nine nine nine]]'),
  sample(
    "For the visa paperwork HR asked for my passport number, it's [[PASSPORT_NUMBER|C03005988]].",
  ),
  sample("my driver's license is [[DRIVERS_LICENSE|D1234567]] it's a california license"),
  sample(
    'Payroll needed my routing number, [[BANK_ACCOUNT|021000021]], and the checking account number, [[BANK_ACCOUNT|4400 1234 5678]].',
  ),
  sample(
    'For references, [[PERSON_NAME|Elena Petrova]] at my previous company can vouch for me, her number is [[PHONE_NUMBER|212-555-0143]].',
  ),
  sample("Yeah, I'd put [[PERSON_NAME|James O'Connor]] down as a reference too."),
  sample(
    'The recruiter, [[PERSON_NAME|Aisha Bello]], sent the offer to [[EMAIL|aisha.bello@recruit.example.org]] by mistake.',
  ),
  sample("i was born on [[DATE_OF_BIRTH|the third of may nineteen eighty four]] so i'm forty one"),
  sample(
    'I moved last month, the new address is [[POSTAL_ADDRESS|1458 Maple Avenue, Apt 3B, Portland, OR 97205]].',
  ),
  sample(
    "The laptop should ship to [[POSTAL_ADDRESS|221 West 57th Street, New York, NY 10019]], that's my home office.",
  ),
  sample(
    'When I connected from home the VPN showed my IP as [[IP_ADDRESS|203.0.113.25]] and security flagged it.',
  ),
  sample('call me [[PERSON_NAME|bob]] everyone does', ['Robert Nguyen']),
  sample(
    "My name's [[PERSON_NAME|Ana María Castillo]], but please just call me [[PERSON_NAME|Ana]].",
    ['Ana María Castillo'],
  ),
  sample(
    'The login for the take-home test was my email and the password was [[PASSWORD|Blue-Falcon-92]].',
  ),
  sample('they gave me a temporary pin it was [[PASSWORD|seven seven three one]]'),
  sample('I also sent my CV from my personal address, [[EMAIL|jsmith84@example.net]].'),
  sample("my old work email was [[EMAIL|j smith at example dot org]] but that's shut down now"),
  sample(
    'I talked to Dr. [[PERSON_NAME|Wen Li]] about the research position and he was really helpful.',
  ),
  sample(
    'The panel was [[PERSON_NAME|Nadia Haddad]], [[PERSON_NAME|Kevin Walsh]] and someone new from sales.',
  ),
  sample(
    "Their HR portal asked for my driver's licence number, [[DRIVERS_LICENSE|S530-4127-8844]], which felt like a lot.",
  ),
  sample("i'm [[PERSON_NAME|jordan reyes]] i'm a product designer based in austin", [
    'Jordan Reyes',
  ]),
  sample(
    'Before that I freelanced for [[PERSON_NAME|Chloe Martin]], she paid me through my IBAN [[BANK_ACCOUNT|FR14 2004 1010 0505 0001 3M02 606]].',
  ),
  sample(
    'my personal email is [[EMAIL|jordan underscore reyes at example dot io]] and my phone is [[PHONE_NUMBER|five one two, five five five, oh one six six]]',
    ['Jordan Reyes'],
  ),
  sample(
    'The onboarding form wanted my passport no. [[PASSPORT_NUMBER|AB1234567]] and a utility bill.',
  ),
  sample(
    'They reimbursed travel to my savings account [[BANK_ACCOUNT|3344 5566 7788]] after two weeks.',
  ),
  sample('Oh, and [[PERSON_NAME|Kenji Watanabe]] from the platform team interviewed me as well.'),
  sample('the contract went to [[POSTAL_ADDRESS|fifteen harbor road]] which is my parents place'),
  sample(
    'I gave them my SSN, [[SSN|456-12-7890]], on the first day and never heard back about the I-9.',
  ),
];

const customerResearch = [
  sample(
    'My name is [[PERSON_NAME|Lucía Fernández]] and I run a small bakery with my husband [[PERSON_NAME|Diego]].',
    ['Lucía Fernández'],
  ),
  sample(
    'We switched to your app because my accountant, [[PERSON_NAME|Hannah Schmidt]], recommended it.',
  ),
  sample(
    'The invoices go to [[EMAIL|billing@luciasbakery.example]] and my own email is [[EMAIL|lucia.f@example.com]].',
    ['Lucía Fernández'],
  ),
  sample(
    'honestly the worst part was support i called [[PHONE_NUMBER|one eight hundred five five five zero one nine nine]] like five times',
  ),
  sample('Our customer number is [[ACCOUNT_NUMBER|CUS-4471902]], if that helps you find us.'),
  sample(
    'my membership number is [[ACCOUNT_NUMBER|eight eight three, one two oh, four four seven]]',
  ),
  sample(
    'I log in from the shop, our static IP is [[IP_ADDRESS|198.51.100.7]], so the allowlist thing was annoying.',
  ),
  sample(
    'the shop is at [[POSTAL_ADDRESS|four twenty two elm street]] right across from the library',
  ),
  sample(
    'We paid with the business card, [[CREDIT_CARD|4111 1111 1111 1111]], and it got declined twice.',
  ),
  sample(
    'i read the card number out to the agent [[CREDIT_CARD|five five five five, five five five five, five five five five, four four four four]]',
  ),
  sample(
    'For the refund they wanted our IBAN, which is [[BANK_ACCOUNT|DE89 3704 0044 0532 0130 00]].',
  ),
  sample(
    'When I signed up I set the password to [[PASSWORD|sunflower twenty twenty]] and then forgot it anyway.',
  ),
  sample(
    'my loyalty number is [[ACCOUNT_NUMBER|6001 2233 4455]] and it never shows up at checkout',
  ),
  sample(
    'Our developer, [[PERSON_NAME|Kwame Mensah]], hooked up the API from his laptop at [[IP_ADDRESS|2001:db8:85a3::8a2e:370:7334]].',
  ),
  sample('the account id on the invoice was [[ACCOUNT_NUMBER|ACCT-5521-9904]]'),
  sample('I spoke with someone named [[PERSON_NAME|Jenna]] in support and she was lovely.'),
  sample(
    'My cofounder [[PERSON_NAME|Raj Patel]] handles the books, his email is [[EMAIL|raj at patelandco dot com]].',
  ),
  sample(
    'We ship everything from [[POSTAL_ADDRESS|77 Industrial Parkway, Unit 5, Columbus, Ohio 43215]].',
  ),
  sample(
    'Please send the replacement scanner to [[POSTAL_ADDRESS|P.O. Box 4410, Austin, TX 78765]].',
  ),
  sample(
    'Yeah, [[PERSON_NAME|Maria Gonzalez]] from your sales team called me on [[PHONE_NUMBER|312.555.0178]] to follow up.',
  ),
  sample(
    "if you need to call back it's [[PHONE_NUMBER|six one seven, five five five, oh one two three]]",
  ),
  sample('My daughter [[PERSON_NAME|Emily]] actually set the whole thing up for me.'),
  sample("i'm [[PERSON_NAME|tom]] by the way i manage three stores", ['Tom Reyes']),
  sample(
    'my rewards number is [[ACCOUNT_NUMBER|seven seven eight eight, oh oh two one, nine nine three four]]',
  ),
  sample('We use [[EMAIL|orders+wholesale@greenleaf.example.co.uk]] for all the purchase orders.'),
  sample(
    'Everything goes to our bookkeeper [[PERSON_NAME|Olivia Brown]] at [[EMAIL|obrown@books.example.com]].',
  ),
  sample(
    'you can call my business partner [[PERSON_NAME|Sam Okoye]] on [[PHONE_NUMBER|+1 604 555 0123]]',
  ),
  sample(
    'our office wifi hands out addresses like [[IP_ADDRESS|10.0.0.12]] and the app refused to connect',
  ),
  sample(
    'i paid with my amex [[CREDIT_CARD|three seven eight two, eight two two four six three, one oh oh oh five]]',
  ),
  sample(
    "This is [[PERSON_NAME|Helen Park]] speaking, I'm the office manager at the dental practice.",
    ['Helen Park'],
  ),
  sample(
    'Our clinic is at [[POSTAL_ADDRESS|500 Pine Street, Suite 300, Seattle, WA 98101]] if you want to visit.',
  ),
  sample(
    'The practice email is [[EMAIL|frontdesk@pinedental.example.com]] and the main line is [[PHONE_NUMBER|206-555-0111]].',
  ),
  sample(
    'my member number at the co-op is [[ACCOUNT_NUMBER|M 4 4 0 1 9 2 8]] if you want to look it up',
  ),
  sample(
    "Our Spanish distributor's IBAN is [[BANK_ACCOUNT|ES91 2100 0418 4502 0005 1332]], the payments kept failing.",
  ),
  sample('The card on file is [[CREDIT_CARD|5105 1051 0510 5100]], the Mastercard, not the Visa.'),
  sample(
    'We had a contractor, [[PERSON_NAME|Liam Murphy]], who set up the router at [[IP_ADDRESS|192.168.1.20]] and then disappeared.',
  ),
  sample('yeah my wife [[PERSON_NAME|karen]] does the ordering and i do the deliveries'),
  sample('the app locked me out so the pin is now [[PASSWORD|eight one one nine]] i think'),
  sample("I'm [[PERSON_NAME|Yusuf Demir]], I own two coffee shops in Chicago.", ['Yusuf Demir']),
  sample('call us at [[PHONE_NUMBER|773 555 0156]] if the integration breaks again'),
  sample(
    'the pos terminal at the second shop is on [[IP_ADDRESS|one seven two dot one six dot two five four dot one]]',
  ),
  sample('My customer account number is [[ACCOUNT_NUMBER|0044 8812 7730]], under the bakery name.'),
];

const healthcareIntake = [
  sample("Hi, I'm [[PERSON_NAME|Fatima Al-Sayed]], I'm here for the follow-up on my knee.", [
    'Fatima Al-Sayed',
  ]),
  sample('my date of birth is [[DATE_OF_BIRTH|oh seven twelve nineteen ninety]]'),
  sample('DOB is [[DATE_OF_BIRTH|04/22/1975]], same as on the card.'),
  sample('My medical record number should be [[MEDICAL_ID|00482913]], from the last visit.'),
  sample(
    'my insurance member id is [[MEDICAL_ID|x k z nine four eight one two seven seven three]]',
  ),
  sample('The Medicare number on my card is [[MEDICAL_ID|1EG4-TE5-MK73]].'),
  sample('My health insurance policy number is [[MEDICAL_ID|BCX-449-210-773]] with Blue Cross.'),
  sample('The patient ID on the wristband was [[MEDICAL_ID|P-5530021]].'),
  sample(
    'my emergency contact is my sister [[PERSON_NAME|leila]] her phone number is [[PHONE_NUMBER|five oh three, five five five, oh one four two]]',
  ),
  sample(
    'I live at [[POSTAL_ADDRESS|88 Birch Lane, Springfield, IL 62704]] and the pharmacy delivers there.',
  ),
  sample(
    'my address is [[POSTAL_ADDRESS|nine oh one cedar drive apartment twelve madison wisconsin five three seven oh three]]',
  ),
  sample('Dr. [[PERSON_NAME|Nkechi Obi]] referred me, she works at the Riverside clinic.'),
  sample('I was born [[DATE_OF_BIRTH|June 2nd, 1961]], in case you need it for the forms.'),
  sample(
    'The portal login is my email, [[EMAIL|f.alsayed@example.com]], and the password is [[PASSWORD|hunter two]].',
    ['Fatima Al-Sayed'],
  ),
  sample("My NHS number is [[MEDICAL_ID|943 476 5919]], I'm visiting from the UK."),
  sample('my birthday is [[DATE_OF_BIRTH|december ninth]] but they keep writing january'),
  sample(
    "they asked for my social for billing it's [[SSN|five two four, seven one, three three oh nine]]",
  ),
  sample(
    'my member id is [[MEDICAL_ID|w two eight one four four nine oh one three]] and the group number is [[MEDICAL_ID|seven seven four oh two]] for the health plan',
  ),
  sample('The pharmacy has my phone as [[PHONE_NUMBER|(503) 555-0187]] but that one is old.'),
  sample('My husband [[PERSON_NAME|Gary Thompson]] usually drives me, so put him down too.'),
  sample('My Medicaid ID is [[MEDICAL_ID|MA 7720 1938 44]].'),
  sample('the pin for the pharmacy lockbox is [[PASSWORD|two two five eight]]'),
  sample('My passport is [[PASSPORT_NUMBER|532198744]] if you need a second photo ID.'),
  sample(
    'For ID they took my driving licence number, [[DRIVERS_LICENSE|MORGA753116SM9IJ]], I have a UK one.',
  ),
  sample('dob [[DATE_OF_BIRTH|5/3/84]] and I have no allergies that I know of'),
  sample("I'm [[PERSON_NAME|Wei Zhang]], I had the appointment at nine thirty with the physio.", [
    'Wei Zhang',
  ]),
  sample(
    'my doctor is [[PERSON_NAME|dr patel]] at the clinic on [[POSTAL_ADDRESS|forty five main street]]',
  ),
  sample(
    'You can email results to [[EMAIL|wei.zhang.1979@example.org]] or call [[PHONE_NUMBER|+1 415 555 0162]].',
    ['Wei Zhang'],
  ),
  sample(
    'my date of birth is [[DATE_OF_BIRTH|the twenty first of february nineteen seventy nine]]',
  ),
  sample('my mrn is [[MEDICAL_ID|seven seven one, two nine oh, four four]]'),
  sample(
    'The billing office has my mother [[PERSON_NAME|Rosa Delgado]] as the guarantor, her SSN is [[SSN|321-54-9876]].',
  ),
  sample("Date of birth: [[DATE_OF_BIRTH|1957-11-30]]. I'm also diabetic, type two."),
  sample(
    'my insurance id number is [[MEDICAL_ID|YHP 8 8 1 4 2 2 0 9]] it is on the back of the card',
  ),
  sample(
    'Send the paperwork to [[POSTAL_ADDRESS|1200 Ocean Drive, Apt 7, Miami Beach, FL 33139]] please.',
  ),
  sample('my phone is [[PHONE_NUMBER|three oh five, five five five, oh one nine three]]'),
  sample(
    'The physical therapist, [[PERSON_NAME|Megan Rossi]], said I can start running in six weeks.',
  ),
  sample(
    'I filled in my passport number on the travel form, [[PASSPORT_NUMBER|L898902C3]], because I fly a lot.',
  ),
  sample(
    'member ID [[MEDICAL_ID|ZGP449107726]] and the plan is through my employer, the insurance card says so',
  ),
  sample(
    'my patient number is [[MEDICAL_ID|one one two two three three four four]] at the hospital',
  ),
];

const bankingSupport = [
  sample(
    "Hi, yes, my name is [[PERSON_NAME|Robert Nguyen]] and I'm calling about a charge I don't recognise.",
    ['Robert Nguyen'],
  ),
  sample('The card is [[CREDIT_CARD|4012 8888 8888 1881]], it ends in 1881.'),
  sample('my account number is [[ACCOUNT_NUMBER|seven seven two, four one nine, oh eight]]'),
  sample(
    'the routing number is [[BANK_ACCOUNT|zero two six, zero zero nine, five nine three]] and the checking account is [[BANK_ACCOUNT|one two three four five six seven eight nine]]',
  ),
  sample('I tried to wire money to [[BANK_ACCOUNT|GB82 WEST 1234 5698 7654 32]] and it bounced.'),
  sample(
    "my online banking password is [[PASSWORD|correct horse battery staple]] i know i shouldn't say that",
  ),
  sample('my PIN is [[PASSWORD|four four one two]], please change it'),
  sample('Sorry, yes, my SSN is [[SSN|123-45-6789]].'),
  sample('You can text me at [[PHONE_NUMBER|+1 (212) 555-0199]] if the call drops.'),
  sample(
    'i logged in from a hotel in lisbon so the ip was [[IP_ADDRESS|one nine two dot zero dot two dot one four six]]',
  ),
  sample(
    'The login alert showed [[IP_ADDRESS|2001:db8::1]] and then [[IP_ADDRESS|192.0.2.44]], neither of which was me.',
  ),
  sample('Last four of my social are [[SSN|6789]].'),
  sample('My savings account number is [[BANK_ACCOUNT|0098 7765 4321]] at the Main Street branch.'),
  sample(
    'my debit card number is [[CREDIT_CARD|four zero zero zero, zero five six six, five five six six, five five five six]]',
  ),
  sample('my wife [[PERSON_NAME|Linh]] is a joint holder on the account'),
  sample(
    'Send the new card to [[POSTAL_ADDRESS|3300 Lakeshore Boulevard, Suite 210, Oakland, CA 94610]].',
  ),
  sample(
    "The transfer went to [[BANK_ACCOUNT|NL91 ABNA 0417 1643 00]], that's my landlord in Amsterdam.",
  ),
  sample('My customer ID is [[ACCOUNT_NUMBER|88 21 47 93]].'),
  sample(
    'the verification code they texted me was [[PASSWORD|six two nine one eight four]] and it expired',
  ),
  sample('Date of birth is [[DATE_OF_BIRTH|the 5th of August, 1972]].'),
  sample(
    'Our joint account with [[PERSON_NAME|Michael Carter]] has the IBAN [[BANK_ACCOUNT|BE68 5390 0754 7034]].',
  ),
  sample(
    'my passport number is [[PASSPORT_NUMBER|five three two, one nine eight, seven four four]]',
  ),
  sample(
    "I was asked for my driver's license number, [[DRIVERS_LICENSE|W426-545-30-761-0]], to verify.",
  ),
  sample('the card number is [[CREDIT_CARD|6011111111111117]] and the expiry is next march'),
  sample("yeah it's [[PERSON_NAME|robert nguyen]] [[PERSON_NAME|n g u y e n]]", ['Robert Nguyen']),
  sample('my email on file is [[EMAIL|rob.nguyen@example.com]] not the old hotmail one'),
  sample(
    'my phone on the account is [[PHONE_NUMBER|double two five, five five five, oh one seven seven]]',
  ),
  sample(
    'The fraud team said the charge came from [[IP_ADDRESS|fe80::1ff:fe23:4567:890a]], which is weird.',
  ),
  sample(
    'i was born on [[DATE_OF_BIRTH|august fifth nineteen seventy two]] if that helps verify me',
  ),
  sample(
    'my social is [[SSN|six six one, two two, four four five five]] and my zip is [[POSTAL_ADDRESS|nine four one oh two]]',
  ),
  sample(
    "My Visa is [[CREDIT_CARD|4242-4242-4242-4242]], the other one's a Discover, [[CREDIT_CARD|6011 0009 9013 9424]].",
  ),
  sample('the security pin on my account is [[PASSWORD|nine nine three two]]'),
  sample(
    'my sort code is [[BANK_ACCOUNT|20-00-00]] and the account number is [[BANK_ACCOUNT|55779911]]',
  ),
  sample(
    "It's [[PERSON_NAME|Catherine Dubois]], [[PERSON_NAME|D-U-B-O-I-S]], I opened the account last year.",
    ['Catherine Dubois'],
  ),
  sample(
    'my member number is [[ACCOUNT_NUMBER|four four seven, eight eight two, one one]] at the credit union',
  ),
  sample('I used my passport, number [[PASSPORT_NUMBER|X 4 4 8 2 1 9 7 3]], to open the account.'),
  sample(
    'The statement goes to [[POSTAL_ADDRESS|2210 Sunset Blvd, Los Angeles, CA 90026]] but I moved.',
  ),
  sample(
    'my drivers license number is [[DRIVERS_LICENSE|f two five five, nine two one one, four four]]',
  ),
  sample(
    'My checking account number is [[BANK_ACCOUNT|seven seven oh one, two two eight four, nine nine]] at the same bank.',
  ),
  sample('the ATM pin is [[PASSWORD|1357]], I know, I know.'),
  sample('My login password was [[PASSWORD|Tr0ub4dor&3]] until your app made me reset it.'),
  sample(
    'my card is [[CREDIT_CARD|three seven one four, four nine six three five three, nine eight four three one]]',
  ),
  sample(
    'The IBAN on the invoice was [[BANK_ACCOUNT|IT60 X054 2811 1010 0000 0123 456]], I copied it exactly.',
  ),
  sample(
    'The mortgage account number is [[ACCOUNT_NUMBER|ML-0038-4471]], my wife [[PERSON_NAME|Sofia]] is on it too.',
  ),
];

/** More forms per type: mixed digits and words, extra formats, phrasing variations. */
const moreForms = [
  sample('my number is [[PHONE_NUMBER|415 five five five 0199]] if you need it'),
  sample(
    'Call me on [[PHONE_NUMBER|plus four four seven nine one one, one two three four five six]].',
  ),
  sample('my cell is [[PHONE_NUMBER|triple eight, five five five, oh one two oh]]'),
  sample('Our German office is on [[PHONE_NUMBER|+49 30 901820]], ask for me there.'),
  sample('My Sydney number is [[PHONE_NUMBER|+61 491 570 156]] for the next month.'),
  sample('the french line is [[PHONE_NUMBER|+33 1 42 68 53 00]]'),
  sample('my work number is [[PHONE_NUMBER|1-800-555-0199]] extension four'),
  sample('Text [[PHONE_NUMBER|9175550168]], that phone is always with me.'),
  sample('my mobile in india is [[PHONE_NUMBER|+91 98765 43210]]'),
  sample('I gave them [[PHONE_NUMBER|(202) 555-0173]] as the daytime number.'),
  sample('my email is [[EMAIL|GRACE.HOPPER@EXAMPLE.COM]] all caps in the system for some reason'),
  sample('email me at [[EMAIL|k dot walsh at example dot co dot uk]]'),
  sample('It was [[EMAIL|dev-team@corp.example.com]] that got the alerts, not my inbox.'),
  sample("the email's [[EMAIL|hannah dash schmidt at example dot de]]"),
  sample('Reply to [[EMAIL|support.tickets@helpdesk.example.net]] and cc me.'),
  sample('my email address is [[EMAIL|ana castillo eighty eight at example dot com]]'),
  sample('Send it to [[EMAIL|l.murphy@example.ie]], that is my personal one.'),
  sample('her address is [[EMAIL|megan.rossi at physio dot example dot com]]'),
  sample(
    'She lives at [[POSTAL_ADDRESS|14 Willow Court, Boulder, Colorado 80302]], near the park.',
  ),
  sample(
    'my address is [[POSTAL_ADDRESS|twenty three hillcrest road unit four denver colorado eight oh two oh five]]',
  ),
  sample('The old office was at [[POSTAL_ADDRESS|350 Fifth Avenue, New York, NY 10118]].'),
  sample('we moved to [[POSTAL_ADDRESS|six oh five park lane]] last spring'),
  sample('He still gets mail at [[POSTAL_ADDRESS|742 Evergreen Terrace, Springfield]].'),
  sample('my SSN is [[SSN|four five six, seven eight, nine oh one two]]'),
  sample('Social Security number [[SSN|219 09 9999]], I think that is right.'),
  sample('the last four of my social security number are [[SSN|four four five five]]'),
  sample('My SSN: [[SSN|078051120]].'),
  sample('social security [[SSN|five five one dash two two dash three three four four]]'),
  sample('my passport number is [[PASSPORT_NUMBER|c oh three oh oh five nine eight eight]]'),
  sample('Passport number: [[PASSPORT_NUMBER|N0012345]], issued in Dublin.'),
  sample("my passport's [[PASSPORT_NUMBER|GB 7 7 3 1 2 4 4 9 1]] the british one"),
  sample('The passport no is [[PASSPORT_NUMBER|K83412976]] and it expires next year.'),
  sample(
    'my passport number is [[PASSPORT_NUMBER|nine one two, three four five, six seven eight]]',
  ),
  sample('passport [[PASSPORT_NUMBER|P 5 5 1 2 0 3 9 8]] from the Netherlands'),
  sample("Driver's license: [[DRIVERS_LICENSE|A123-456-789-012]], Florida."),
  sample(
    "my driver's license number is [[DRIVERS_LICENSE|d nine eight seven six five four three]]",
  ),
  sample('Driving licence number [[DRIVERS_LICENSE|JONES710238HA3DX]].'),
  sample('the DL number is [[DRIVERS_LICENSE|99 887 766]] from Texas'),
  sample('my drivers license is [[DRIVERS_LICENSE|Y 4 4 1 2 0 9 3]]'),
  sample('My license number is [[DRIVERS_LICENSE|B5530 14829 72610]], New York State.'),
  sample('driver license number [[DRIVERS_LICENSE|one two three four five six seven eight nine]]'),
  sample('license number [[DRIVERS_LICENSE|WDL0ALU09B]] from Washington'),
  sample('The card number is [[CREDIT_CARD|2223 0031 2200 3222]], the new Mastercard.'),
  sample(
    'my visa is [[CREDIT_CARD|four two four two, four two four two, four two four two, four two four two]]',
  ),
  sample('Card [[CREDIT_CARD|3566 0020 2036 0505]], the JCB one I use in Japan.'),
  sample('the number on the card was [[CREDIT_CARD|5200 8282 8282 8210]]'),
  sample('I used the Diners card, [[CREDIT_CARD|3056 9309 0259 04]].'),
  sample('they charged [[CREDIT_CARD|4000 0025 0000 3155]] instead of the company card'),
  sample('Our Swiss account is [[BANK_ACCOUNT|CH93 0076 2011 6238 5295 7]].'),
  sample('the austrian IBAN is [[BANK_ACCOUNT|AT61 1904 3002 3457 3201]]'),
  sample('IBAN [[BANK_ACCOUNT|IE29AIBK93115212345678]] for the Dublin rent.'),
  sample(
    'the iban is [[BANK_ACCOUNT|g b eight two w e s t one two three four five six nine eight seven six five four three two]]',
  ),
  sample('ABA routing number [[BANK_ACCOUNT|121000358]], for the direct deposit.'),
  sample('The Polish supplier gave us [[BANK_ACCOUNT|PL61 1090 1014 0000 0712 1981 2874]].'),
  sample('my bank account number is [[BANK_ACCOUNT|four four five five six six seven seven]]'),
  sample('the server is at [[IP_ADDRESS|203.0.113.9]], the staging one'),
  sample('My home IP is [[IP_ADDRESS|ten dot zero dot zero dot fifty]] behind the router.'),
  sample(
    'The logs show [[IP_ADDRESS|2001:0db8:0000:0000:0000:ff00:0042:8329]] hitting the login page.',
  ),
  sample('ip address [[IP_ADDRESS|172.16.254.1]] is the office printer'),
  sample('it says the ip is [[IP_ADDRESS|198.51.100.250]]'),
  sample('i was born on [[DATE_OF_BIRTH|july fourth nineteen ninety two]]'),
  sample('Born on [[DATE_OF_BIRTH|12 January 1990]] in Leeds.'),
  sample('my dob is [[DATE_OF_BIRTH|03-15-1984]]'),
  sample('My birthday is [[DATE_OF_BIRTH|October 3rd]], so the account opened on my birthday.'),
  sample('date of birth [[DATE_OF_BIRTH|nineteen eighty five, may the first]]'),
  sample('I was born in [[DATE_OF_BIRTH|March 1979]], if that matters for the plan.'),
  sample('his date of birth is [[DATE_OF_BIRTH|9 Sep 2001]]'),
  sample('the password is [[PASSWORD|Summer2024!]] for the shared account'),
  sample('my password is [[PASSWORD|purple monkey dishwasher]] so please delete this part'),
  sample('the wifi password is [[PASSWORD|bakery guest twenty four]]'),
  sample('passcode is [[PASSWORD|two four six eight one three]]'),
  sample('the door code is [[PASSWORD|five five oh nine]] for the back entrance'),
  sample('my account number is [[ACCOUNT_NUMBER|AC 7 7 4 1 0 0 9 2]] with the utility'),
  sample('Membership ID: [[ACCOUNT_NUMBER|GYM-220-8841]].'),
  sample('customer number [[ACCOUNT_NUMBER|one one four five nine nine two]] on the last invoice'),
  sample('my frequent flyer number is [[ACCOUNT_NUMBER|UA 4419 2287]]'),
  sample('my client id is [[ACCOUNT_NUMBER|c l eight eight two one three]]'),
  sample('The subscriber number is [[ACCOUNT_NUMBER|SUB-66104]] for the magazine.'),
  sample('My medical record number is [[MEDICAL_ID|MRN-20-44187]].'),
  sample('the insurance member id is [[MEDICAL_ID|h m o four four one two nine nine]]'),
  sample('Patient number [[MEDICAL_ID|778812]] at St. Mary hospital.'),
  sample('my medicare number is [[MEDICAL_ID|two e g four t e five m k seven three]]'),
  sample('my work email is [[EMAIL|t.becker@example-logistics.com]] if you want the slides'),
  sample('the shared inbox is [[EMAIL|hello at greenleaf dot example dot com]]'),
  sample("I think it's [[EMAIL|nadia.haddad@example.com]], she changed it after the merger."),
  sample('Please add [[EMAIL|kwame.mensah+beta@example.com]] to the beta list.'),
  sample('my gmail is [[EMAIL|yusuf demir seventy at example dot com]] use that one'),
  sample('send the transcript to [[EMAIL|emily_brown@example.org]]'),
  sample('Reach me at [[EMAIL|c.dubois@example.fr]] or [[PHONE_NUMBER|+33 6 12 34 56 78]].'),
  sample('my number is [[PHONE_NUMBER|eight one eight, five five five, oh one three one]]'),
  sample('She can be reached at [[PHONE_NUMBER|646-555-0190]] after six.'),
  sample("the clinic's fax is [[PHONE_NUMBER|(617) 555-0145]] if that works"),
  sample('my cell number is [[PHONE_NUMBER|seven one eight double five five oh one nine four]]'),
  sample('Call the front desk at [[PHONE_NUMBER|312-555-0133]], ask for [[PERSON_NAME|Maria]].'),
  sample('my SSN is [[SSN|five four four one two six seven eight nine]] i think'),
  sample('His social security number was [[SSN|603-11-4528]] on the old form.'),
  sample('they still have my social as [[SSN|287 65 4321]] which is wrong'),
  sample('ssn [[SSN|one two three four five six seven eight nine]] sorry that was fast'),
  sample('My passport number is [[PASSPORT_NUMBER|E 4 4 1 9 0 3 2 7]], the Spanish one.'),
  sample(
    'passport number [[PASSPORT_NUMBER|FR 5 5 0 1 8 2 3]] sorry, it is [[PASSPORT_NUMBER|17AB55018]]',
  ),
  sample(
    "and my passport number, it's [[PASSPORT_NUMBER|seven seven one, two oh four, three three nine]]",
  ),
  sample("My driver's license number is [[DRIVERS_LICENSE|G 6 2 0 4 4 1 9 8 7]] from Illinois."),
  sample('my licence number is [[DRIVERS_LICENSE|M 1 2 3 4 5 6 7]] the driving licence'),
  sample('the dl is [[DRIVERS_LICENSE|four four one two, nine nine eight three]] from ohio'),
  sample('The attacker came from [[IP_ADDRESS|203.0.113.77]] according to the bank.'),
  sample('our vpn exit is [[IP_ADDRESS|2001:db8:4006:812::200e]]'),
  sample('my router is on [[IP_ADDRESS|192 dot 168 dot 0 dot 1]] if support needs it'),
  sample('We moved into [[POSTAL_ADDRESS|19 Queen Street, Apt 2, Burlington, VT 05401]] in May.'),
  sample(
    'ship it to [[POSTAL_ADDRESS|one oh one main street suite five hundred boise idaho eight three seven oh two]]',
  ),
  sample(
    'Charge it to the card ending... actually the full number is [[CREDIT_CARD|4000 0566 5566 5556]].',
  ),
  sample(
    'the new card is [[CREDIT_CARD|five two zero zero, eight two eight two, eight two eight two, eight two one zero]]',
  ),
  sample('the password for the admin panel is [[PASSWORD|letmein123]]'),
  sample("Uh, I'm [[PERSON_NAME|Oksana Kovalenko]], I lead the customer success team.", [
    'Oksana Kovalenko',
  ]),
  sample(
    'I worked with [[PERSON_NAME|Thomas Müller]] and [[PERSON_NAME|Ingrid Nilsen]] on the rollout.',
  ),
  sample('My manager [[PERSON_NAME|Chen Wei]] signed off on the purchase in June.'),
  sample('this is [[PERSON_NAME|marcus]] calling back about the position', ['Marcus Okafor']),
  sample('The bank manager, Mrs. [[PERSON_NAME|Adebayo]], was very patient with me.'),
  sample('The claim used my health plan ID [[MEDICAL_ID|UHC 990 441 2]], not my husband’s.'),
];

/** Written after the detector was first measured, to check that it generalizes. */
const secondBatch = [
  sample("Yeah so I'm [[PERSON_NAME|Deepa Krishnan]], I've been a nurse for eleven years.", [
    'Deepa Krishnan',
  ]),
  sample('honestly [[PERSON_NAME|deepa]] is fine, nobody uses my full name', ['Deepa Krishnan']),
  sample('You can put down my husband, [[PERSON_NAME|Arjun Krishnan]], as the second contact.'),
  sample('his cell is [[PHONE_NUMBER|nine one seven, five five five, oh one four eight]]'),
  sample('I usually use [[EMAIL|deepa.k@example.com]] for anything work related.'),
  sample('my insurance card says member ID [[MEDICAL_ID|AET 4471 0932]]'),
  sample("They wanted the policy number, that's [[MEDICAL_ID|POL-88120-44]] with Cigna."),
  sample('we live at [[POSTAL_ADDRESS|two fifteen river road]] in the apartment above the garage'),
  sample(
    'The office is [[POSTAL_ADDRESS|1010 Market Street, San Francisco, CA 94103]], fourth floor.',
  ),
  sample(
    'i think my date of birth on file is wrong it should be [[DATE_OF_BIRTH|may twelfth nineteen eighty]]',
  ),
  sample("Mine's [[DATE_OF_BIRTH|11/02/1969]], date of birth I mean, the form has it backwards."),
  sample('the password for the tablet at the front desk is [[PASSWORD|frontdesk2023]]'),
  sample('and the PIN on the supply cabinet is [[PASSWORD|three one four one]]'),
  sample('Her SSN ends up on every form, [[SSN|552-43-1098]], which worries me.'),
  sample(
    'I had to read my social security number out loud, [[SSN|two three four, five six, seven eight nine oh]], in the waiting room.',
  ),
  sample(
    "For the international trip they copied my passport, it's number [[PASSPORT_NUMBER|Z 9 8 7 6 5 4 3 2]].",
  ),
  sample(
    "my driver's license number is [[DRIVERS_LICENSE|R200-5531-9087]] in case the card scan fails",
  ),
  sample('The charge was on [[CREDIT_CARD|4111-1111-1111-1111]], which is my personal card.'),
  sample(
    'i gave him the card number [[CREDIT_CARD|six zero one one, one one one one, one one one one, one one one seven]] over the phone',
  ),
  sample("Our payroll account's IBAN is [[BANK_ACCOUNT|SE45 5000 0000 0583 9825 7466]]."),
  sample(
    'my checking account number is [[BANK_ACCOUNT|000123456789]] and the routing is [[BANK_ACCOUNT|011000015]]',
  ),
  sample('The admin console logged [[IP_ADDRESS|198.51.100.23]] as the source of the change.'),
  sample('my account number with you guys is [[ACCOUNT_NUMBER|4471-2290-18]]'),
  sample('Their customer ID for us is [[ACCOUNT_NUMBER|ZX-90031]], I checked the portal.'),
  sample("I asked for [[PERSON_NAME|Priscilla]] at the front desk and she wasn't in."),
  sample('we had a consultant [[PERSON_NAME|Viktor Horvath]] come in for two weeks'),
  sample('Send the agreement to [[EMAIL|legal at northwind dot example dot com]] and copy me.'),
  sample('text me on [[PHONE_NUMBER|(718) 555-0122]] instead of calling'),
  sample('My name is [[PERSON_NAME|Tomás Alvarez]], with an accent on the a.', ['Tomás Alvarez']),
  sample('the login code they sent was [[PASSWORD|four eight two two one nine]]'),
];

/** Sentences that look like personal data to a naive detector but are not. */
export const nearMissSentences = [
  "I've been doing this for five years and the team grew to about three hundred users.",
  'We upgraded to version 2.0.1 last week and nothing broke.',
  'In 2019 we moved the whole stack to Postgres.',
  'The enterprise plan costs $1,299 per seat, which is steep.',
  'We had the workshop in room 404 on the fourth floor.',
  'I opened ticket 88231 about the export bug and it is still open.',
  'The card number 4111 1111 1111 1112 from the demo was rejected, as it should be.',
  'That IBAN, GB82 WEST 1234 5698 7654 33, has a typo in it, so the transfer failed.',
  'The standup is at 10:30 every morning.',
  'Honestly, the onboarding was slower than I expected.',
  'Grace periods on the invoices are too short for us.',
  'Will the new dashboard support exports?',
  'Mark the invoice as paid once the transfer clears.',
  'We switched from Salesforce to HubSpot last year.',
  'Most of our customers bank with Wells Fargo.',
  'I used to work at Morgan Stanley before the startup.',
  'Johnson & Johnson is our biggest client by far.',
  'On May 3rd we shipped the new dashboard.',
  'The deadline for the migration is March 14th, 2024.',
  'I forgot my password last week and the reset email never came.',
  'The password policy requires twelve characters and a symbol.',
  "We're on the second floor, next to the kitchen.",
  "It's about five minutes down the road from the station.",
  'the call was at ten thirty and it ran for forty five minutes',
  'we onboarded twelve hundred customers last quarter',
  'about nine ninety nine a month is what we pay',
  'My account was locked three times this month.',
  'Our account has twelve users and two admins.',
  'Conversion went up 12.5 percent after the redesign.',
  'The score went from 1.2 to 3.4 in the second survey.',
  'See section 4.3.2 of the contract for the details.',
  'I take 20 milligrams twice a day with food.',
  'my blood pressure was one twenty over eighty this morning',
  "I'm happy with the product overall.",
  "call me when you're free tomorrow",
  'This is great, honestly.',
  "I'm sure it works for bigger teams.",
  'Our company was founded in 2015 in a garage.',
  'the product was born out of frustration with spreadsheets',
  'Social media was our main acquisition channel.',
  'We split the budget three to two to one across teams.',
  'you can find us at acme dot com on the pricing page',
  'I work at the clinic three days a week.',
  'We have three locations and forty two employees.',
  'The order went out on Tuesday with two boxes.',
  'The crash started in version 4.2.0.1 of the Android app.',
  'Chase sent us a letter about the fees.',
  'April was our best month, June was the worst.',
  'We ran the pilot with 150 nurses across 3 hospitals.',
  'It takes two or three days to get a refund.',
  'The meeting is on 14 March at 3 pm.',
  'I check the app maybe four or five times a day.',
  'Our NPS went from thirty two to fifty one.',
  'the total was four hundred and twelve dollars',
  'We had 404 errors all over the checkout page.',
  'The patient was seen at 9:45 and discharged at 11:30.',
  'The room number on the ward was 12B, near the nurses station.',
  'My birthday party was fun but the app crashed when I booked it.',
  'Version 10.4 of the app fixed the login bug.',
  'He asked me to call him back in twenty minutes.',
  'We serve about 3,000 patients a year at the Main Street clinic.',
  'I paid about $45 for the premium tier and it was worth it.',
  'My PIN reset worked after the second attempt.',
  'Apple Pay is what most of our customers use.',
  'i get maybe five hundred emails a week and most are spam',
  'The printer IP changes every time the router reboots.',
  'Our zip code area has three branches and two ATMs.',
  'The Grand Avenue location closed in 2021.',
  'the support agent was named in the survey but I forget who',
  'Jordan Valley Medical Center is where I had the scan.',
  'Order number 112-4470093-1234567 never arrived.',
  'the case number is 0051 but that is just for the support ticket',
  'Hope that helps, happy to answer more questions.',
  'Our routing of tickets is done by region.',
  'I rated it nine out of ten.',
  'We hired two nurses in March and one more in June.',
  'The survey had 48 questions and took about twelve minutes.',
  'Dallas and Denver were our pilot cities.',
  'Ford and Toyota are both customers of ours.',
  'the version on my phone is three point two point one',
  'I was born and raised in Ohio, so the winters never bother me.',
  'I pay about two fifty a month for parking.',
  'Our policy is to answer every ticket within four hours.',
  'My account manager changed twice last year.',
  'The password field should show the characters as you type.',
];

export const labelledSamples: CorpusSample[] = [
  ...hiring,
  ...customerResearch,
  ...healthcareIntake,
  ...bankingSupport,
  ...moreForms,
  ...secondBatch,
];

export const piiCorpus: CorpusSample[] = [
  ...labelledSamples,
  ...nearMissSentences.map((text) => sample(text)),
];
