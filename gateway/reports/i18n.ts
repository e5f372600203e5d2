/** The words of the subject access report, in the languages she may choose. */
export const LANGUAGES = ['en', 'sr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);

export interface Words {
  title: string;
  intro: (subject: string, date: string) => string;
  nothing: string;
  shared: (who: string) => string;
  partly: string;
  withheld: string;
  purpose: string;
  why: string;
  when: string;
  events: string;
  footer: string;
  /** An agency as the report names it: its directory name and its member id. */
  member: (name: string, id: string) => string;
  /** An agency the directory does not list (any more). */
  unknownMember: (id: string) => string;
  basis: { consent: string; agreement: string; legalBasis: (code: string) => string; other: string };
  event: Record<string, (who: string) => string>;
  groups: Record<string, string>;
  purposes: Record<string, string>;
  legalBases: Record<string, string>;
}

export const WORDS: Record<Language, Words> = {
  en: {
    title: 'Who received information about you',
    intro: (subject, date) => `This report lists, for the reference ${subject}, every time information about you was shared through the referral system, up to ${date}. It names the kind of information, never the information itself.`,
    nothing: 'No information about you has been shared.',
    shared: (who) => `${who} received information about you`,
    partly: 'in a reduced form (for example an age range instead of a date of birth)',
    withheld: 'Not shared (withheld)',
    purpose: 'Purpose',
    why: 'Why it was allowed',
    when: 'When',
    events: 'Other events in your case',
    footer: 'You may ask the organisation that helps you, or its data-protection officer, to explain any line of this report, to correct your information, or to withdraw your consent.',
    member: (name, id) => `${name} (${id})`,
    unknownMember: (id) => `an organisation not in the directory (${id})`,
    basis: { consent: 'your consent', agreement: 'an agreement between the organisations', legalBasis: (code) => `the law: ${code}`, other: 'the rules of the referral system' },
    event: {
      'referral-sent': (who) => `A referral about you was sent by ${who}`,
      'referral-received': (who) => `A referral about you was received by ${who}`,
      'status-update': (who) => `${who} updated the status of a referral about you`,
      'consent-recorded': (who) => `${who} recorded your consent`,
      'consent-withdrawn': (who) => `${who} recorded that you withdrew your consent`,
    },
    groups: {
      identity: 'who you are (name, sex, citizenship)', contact: 'how to contact you', 'date-of-birth': 'your date of birth', documents: 'your documents',
      location: 'where you are or come from', family: 'your family', health: 'your health', ethnicity: 'ethnicity and religion', 'sexual-life': 'sex life and gender identity',
      criminal: 'criminal matters', 'trafficking-status': 'your status as a victim of trafficking', 'exploitation-details': 'what happened to you', identification: 'your identification',
      needs: 'your needs', assistance: 'the help you receive', plan: 'your assistance plan', risk: 'risks to your safety', residence: 'your residence status', justice: 'court and police matters',
      cooperation: 'your cooperation with the authorities', return: 'your return home', dependants: 'your children and dependants', narrative: 'your own account', envelope: 'the referral itself (who sent it, to whom, when)',
      ungrouped: 'other details',
    },
    purposes: {
      assistance: 'to help you', identification: 'to identify you as a victim of trafficking', referral: 'to refer you to a service', 'return-reintegration': 'for your return and reintegration',
      'child-protection': 'to protect a child', 'criminal-justice': 'for criminal proceedings', 'mandatory-crime-notification': 'to report a crime as the law requires',
      'residence-immigration': 'for your residence status', statistics: 'for statistics',
    },
    legalBases: {
      'mandatory-crime-notification': 'duty to report a crime', 'vital-interest': 'to protect your life or health', 'child-protection-duty': 'duty to protect a child',
      'court-order': 'a court order', 'legal-obligation': 'a legal obligation', 'public-interest-task': 'a task in the public interest',
    },
  },
  sr: {
    title: 'Ko je primio podatke o vama',
    intro: (subject, date) => `Ovaj izveštaj navodi, za oznaku ${subject}, svaki put kada su podaci o vama podeljeni kroz sistem upućivanja, zaključno sa ${date}. Navodi vrstu podataka, nikada same podatke.`,
    nothing: 'Podaci o vama nisu podeljeni.',
    shared: (who) => `${who} je primio podatke o vama`,
    partly: 'u umanjenom obliku (na primer, starosna grupa umesto datuma rođenja)',
    withheld: 'Nije podeljeno (uskraćeno)',
    purpose: 'Svrha',
    why: 'Zašto je bilo dozvoljeno',
    when: 'Kada',
    events: 'Drugi događaji u vašem slučaju',
    footer: 'Možete zatražiti od organizacije koja vam pomaže, ili od njenog lica za zaštitu podataka o ličnosti, da vam objasni bilo koji red ovog izveštaja, da ispravi vaše podatke ili da povučete svoj pristanak.',
    member: (name, id) => `${name} (${id})`,
    unknownMember: (id) => `organizacija koje nema u imeniku (${id})`,
    basis: { consent: 'vaš pristanak', agreement: 'sporazum između organizacija', legalBasis: (code) => `zakon: ${code}`, other: 'pravila sistema upućivanja' },
    event: {
      'referral-sent': (who) => `${who} je poslao uput o vama`,
      'referral-received': (who) => `${who} je primio uput o vama`,
      'status-update': (who) => `${who} je promenio status uputa o vama`,
      'consent-recorded': (who) => `${who} je zabeležio vaš pristanak`,
      'consent-withdrawn': (who) => `${who} je zabeležio da ste povukli pristanak`,
    },
    groups: {
      identity: 'ko ste (ime, pol, državljanstvo)', contact: 'kako da vas kontaktiraju', 'date-of-birth': 'vaš datum rođenja', documents: 'vaša dokumenta',
      location: 'gde se nalazite ili odakle dolazite', family: 'vaša porodica', health: 'vaše zdravlje', ethnicity: 'nacionalnost i veroispovest', 'sexual-life': 'seksualni život i rodni identitet',
      criminal: 'krivična pitanja', 'trafficking-status': 'vaš status žrtve trgovine ljudima', 'exploitation-details': 'šta vam se dogodilo', identification: 'vaša identifikacija',
      needs: 'vaše potrebe', assistance: 'pomoć koju dobijate', plan: 'vaš plan pomoći', risk: 'rizici po vašu bezbednost', residence: 'vaš boravišni status', justice: 'sud i policija',
      cooperation: 'vaša saradnja sa organima', return: 'vaš povratak kući', dependants: 'vaša deca i izdržavana lica', narrative: 'vaša lična izjava', envelope: 'sam uput (ko ga je poslao, kome, kada)',
      ungrouped: 'ostali podaci',
    },
    purposes: {
      assistance: 'da vam se pomogne', identification: 'da budete identifikovani kao žrtva trgovine ljudima', referral: 'da budete upućeni na uslugu', 'return-reintegration': 'radi povratka i reintegracije',
      'child-protection': 'radi zaštite deteta', 'criminal-justice': 'radi krivičnog postupka', 'mandatory-crime-notification': 'radi prijave krivičnog dela kako zakon nalaže',
      'residence-immigration': 'radi vašeg boravišnog statusa', statistics: 'u statističke svrhe',
    },
    legalBases: {
      'mandatory-crime-notification': 'obaveza prijave krivičnog dela', 'vital-interest': 'zaštita vašeg života ili zdravlja', 'child-protection-duty': 'obaveza zaštite deteta',
      'court-order': 'sudski nalog', 'legal-obligation': 'zakonska obaveza', 'public-interest-task': 'zadatak u javnom interesu',
    },
  },
};
