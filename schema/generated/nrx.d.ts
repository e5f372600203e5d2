/**
 * TypeScript types for the NRX standard, generated from the JSON Schemas in spec/v1.
 * Do not edit by hand: change the schemas and run `npm run generate`.
 */

/**
 * A member of a federation, identified the X-Road way: country (ISO 3166-1 alpha-2), member class, member code and an optional subsystem, separated by slashes. Examples: RS/GOV/CPTV, RS/NGO/ASTRA, AT/NGO/LEFOE/shelter.
 */
export type MemberId = string;
/**
 * A pseudonymous reference to a staff member (case worker, officer) of a member agency, meaningful only to that agency.
 */
export type UserRef = string;
/**
 * A country or territory as its ISO 3166-1 alpha-2 code: the 249 officially assigned codes with their English short names, plus the user-assigned XK for Kosovo.
 *
 * 250 codes: see spec/docs/codelists.md#country.
 */
export type Country =
  | 'AD'
  | 'AE'
  | 'AF'
  | 'AG'
  | 'AI'
  | 'AL'
  | 'AM'
  | 'AO'
  | 'AQ'
  | 'AR'
  | 'AS'
  | 'AT'
  | 'AU'
  | 'AW'
  | 'AX'
  | 'AZ'
  | 'BA'
  | 'BB'
  | 'BD'
  | 'BE'
  | 'BF'
  | 'BG'
  | 'BH'
  | 'BI'
  | 'BJ'
  | 'BL'
  | 'BM'
  | 'BN'
  | 'BO'
  | 'BQ'
  | 'BR'
  | 'BS'
  | 'BT'
  | 'BV'
  | 'BW'
  | 'BY'
  | 'BZ'
  | 'CA'
  | 'CC'
  | 'CD'
  | 'CF'
  | 'CG'
  | 'CH'
  | 'CI'
  | 'CK'
  | 'CL'
  | 'CM'
  | 'CN'
  | 'CO'
  | 'CR'
  | 'CU'
  | 'CV'
  | 'CW'
  | 'CX'
  | 'CY'
  | 'CZ'
  | 'DE'
  | 'DJ'
  | 'DK'
  | 'DM'
  | 'DO'
  | 'DZ'
  | 'EC'
  | 'EE'
  | 'EG'
  | 'EH'
  | 'ER'
  | 'ES'
  | 'ET'
  | 'FI'
  | 'FJ'
  | 'FK'
  | 'FM'
  | 'FO'
  | 'FR'
  | 'GA'
  | 'GB'
  | 'GD'
  | 'GE'
  | 'GF'
  | 'GG'
  | 'GH'
  | 'GI'
  | 'GL'
  | 'GM'
  | 'GN'
  | 'GP'
  | 'GQ'
  | 'GR'
  | 'GS'
  | 'GT'
  | 'GU'
  | 'GW'
  | 'GY'
  | 'HK'
  | 'HM'
  | 'HN'
  | 'HR'
  | 'HT'
  | 'HU'
  | 'ID'
  | 'IE'
  | 'IL'
  | 'IM'
  | 'IN'
  | 'IO'
  | 'IQ'
  | 'IR'
  | 'IS'
  | 'IT'
  | 'JE'
  | 'JM'
  | 'JO'
  | 'JP'
  | 'KE'
  | 'KG'
  | 'KH'
  | 'KI'
  | 'KM'
  | 'KN'
  | 'KP'
  | 'KR'
  | 'KW'
  | 'KY'
  | 'KZ'
  | 'LA'
  | 'LB'
  | 'LC'
  | 'LI'
  | 'LK'
  | 'LR'
  | 'LS'
  | 'LT'
  | 'LU'
  | 'LV'
  | 'LY'
  | 'MA'
  | 'MC'
  | 'MD'
  | 'ME'
  | 'MF'
  | 'MG'
  | 'MH'
  | 'MK'
  | 'ML'
  | 'MM'
  | 'MN'
  | 'MO'
  | 'MP'
  | 'MQ'
  | 'MR'
  | 'MS'
  | 'MT'
  | 'MU'
  | 'MV'
  | 'MW'
  | 'MX'
  | 'MY'
  | 'MZ'
  | 'NA'
  | 'NC'
  | 'NE'
  | 'NF'
  | 'NG'
  | 'NI'
  | 'NL'
  | 'NO'
  | 'NP'
  | 'NR'
  | 'NU'
  | 'NZ'
  | 'OM'
  | 'PA'
  | 'PE'
  | 'PF'
  | 'PG'
  | 'PH'
  | 'PK'
  | 'PL'
  | 'PM'
  | 'PN'
  | 'PR'
  | 'PS'
  | 'PT'
  | 'PW'
  | 'PY'
  | 'QA'
  | 'RE'
  | 'RO'
  | 'RS'
  | 'RU'
  | 'RW'
  | 'SA'
  | 'SB'
  | 'SC'
  | 'SD'
  | 'SE'
  | 'SG'
  | 'SH'
  | 'SI'
  | 'SJ'
  | 'SK'
  | 'SL'
  | 'SM'
  | 'SN'
  | 'SO'
  | 'SR'
  | 'SS'
  | 'ST'
  | 'SV'
  | 'SX'
  | 'SY'
  | 'SZ'
  | 'TC'
  | 'TD'
  | 'TF'
  | 'TG'
  | 'TH'
  | 'TJ'
  | 'TK'
  | 'TL'
  | 'TM'
  | 'TN'
  | 'TO'
  | 'TR'
  | 'TT'
  | 'TV'
  | 'TW'
  | 'TZ'
  | 'UA'
  | 'UG'
  | 'UM'
  | 'US'
  | 'UY'
  | 'UZ'
  | 'VA'
  | 'VC'
  | 'VE'
  | 'VG'
  | 'VI'
  | 'VN'
  | 'VU'
  | 'WF'
  | 'WS'
  | 'XK'
  | 'YE'
  | 'YT'
  | 'ZA'
  | 'ZM'
  | 'ZW';
/**
 * What kind of agency a federation member is. Together with the member class and country it decides, under the data-sharing agreements, which fields a member may receive for which purpose.
 *
 * - `coordinating-body`: NRM coordinating body. The body that coordinates the National Referral Mechanism and, in many countries, formally identifies victims (for example Serbia's Centre for Protection of Trafficking Victims).
 * - `national-coordinator`: National coordinator. The office of the national anti-trafficking coordinator or rapporteur.
 * - `ministry`: Ministry. A ministry responsible for social affairs, labour, interior, justice or health, other than in its operational services.
 * - `police`: Police (anti-trafficking or criminal). Specialised anti-trafficking units and criminal police who investigate trafficking.
 * - `public-order-police`: Public-order police. Local and public-order police. A different audience from specialised units, who may be the first contact and sometimes abusive.
 * - `border-police`: Border police. Border and migration police.
 * - `prosecutor`: Prosecutor. Public prosecution service.
 * - `court`: Court. A criminal, civil or misdemeanour court.
 * - `social-work-centre`: Centre for social work. The local social-welfare authority; guardianship authority for children.
 * - `child-protection`: Child-protection service. A child-protection or youth-welfare service other than a centre for social work, including residential care for children.
 * - `immigration-office`: Immigration office. The aliens' or immigration office deciding on stay, permits and removal.
 * - `asylum-authority`: Asylum authority. The authority deciding on international protection.
 * - `labour-inspectorate`: Labour inspectorate. Labour inspection, which may detect labour exploitation.
 * - `health-institution`: Health institution. A hospital, clinic, health centre or mental-health service.
 * - `school`: School. A school or other educational institution attended by her or her children.
 * - `employment-agency`: Employment agency. The public employment service.
 * - `foreign-affairs`: Ministry of foreign affairs. The ministry of foreign affairs and its consular department at home.
 * - `embassy`: Embassy or consulate. An embassy or consulate abroad.
 * - `shelter`: Shelter. A shelter or safe house; its location is never published.
 * - `sos-helpline`: SOS helpline. A telephone or online helpline.
 * - `legal-aid`: Legal aid. An organisation or lawyer giving legal counselling and representation.
 * - `reintegration-programme`: Reintegration programme. A programme for long-term assistance and social inclusion after exploitation or return.
 * - `victim-service`: General victim service. A general service for victims of crime, not specialised in trafficking.
 * - `womens-organisation`: Women's organisation. A women's rights or women's support organisation.
 * - `outreach-centre`: Outreach or drop-in centre. Street outreach, drop-in or community centre.
 * - `international-organisation`: International organisation. An office of an international organisation such as IOM, UNHCR or UNICEF.
 * - `interpretation-service`: Interpretation service. A provider of interpretation and translation.
 * - `research-institution`: Research institution. A university or research institute that receives aggregate statistics only.
 * - `data-protection-authority`: Data-protection authority. The supervisory authority for data protection, which receives audit information, not case data.
 * - `ombudsperson`: Ombudsperson. An ombudsperson or national human-rights institution.
 * - `other`: Other. Any other kind of agency; its directory entry says what it does.
 */
export type AgencyType =
  | 'coordinating-body'
  | 'national-coordinator'
  | 'ministry'
  | 'police'
  | 'public-order-police'
  | 'border-police'
  | 'prosecutor'
  | 'court'
  | 'social-work-centre'
  | 'child-protection'
  | 'immigration-office'
  | 'asylum-authority'
  | 'labour-inspectorate'
  | 'health-institution'
  | 'school'
  | 'employment-agency'
  | 'foreign-affairs'
  | 'embassy'
  | 'shelter'
  | 'sos-helpline'
  | 'legal-aid'
  | 'reintegration-programme'
  | 'victim-service'
  | 'womens-organisation'
  | 'outreach-centre'
  | 'international-organisation'
  | 'interpretation-service'
  | 'research-institution'
  | 'data-protection-authority'
  | 'ombudsperson'
  | 'other';
/**
 * A reason she gave for declining, postponing or leaving assistance. She need not give any; declining costs her nothing. Several reasons may apply and her own words are kept beside the codes. The codes follow the three groups of reasons of the study of why victims decline assistance: her personal circumstances, difficulties in the assistance system, and social context and personal experience. Codes that reveal that she is still under the exploiters' influence carry the trafficking-status tier; codes about her family carry the family tier.
 *
 * - `no-reason-given`: No reason given. She did not give a reason, or preferred not to. This is her right.
 * - `no-need`: Does not need it. She has no unmet need this service would meet, or copes on her own.
 * - `support-elsewhere`: Has support elsewhere. She gets what she needs from family, friends, her community or general (not trafficking-specific) services.
 * - `already-assisted`: Already assisted. She already received this help elsewhere, for example abroad, and wants no more.
 * - `wants-to-go-home`: Wants to go home. She wants to go home, to her family or community, rather than enter a programme.
 * - `wants-to-migrate-again`: Wants to migrate again. She plans to go abroad again to work, and the assistance stands in the way of that plan.
 * - `needs-to-earn`: Needs to earn. She must earn money, for herself or her family, and cannot afford the time the assistance requires or the loss of income.
 * - `family-obligations`: Family obligations. She cannot leave her children, parents or others who depend on her.
 * - `family-opposition`: Family opposition. Her family mistrusts the organisation or objects to her absence, or expects to support her within the family; for a child, the family decided.
 * - `family-must-not-know`: Family must not know. Accepting could let her family or partner learn what happened.
 * - `joining-partner`: Joining a partner. She wants to live with a partner or with someone who helped her escape.
 * - `debt-obligations`: Debt obligations. She feels obliged to pay off a debt, including one the exploiters claim.
 * - `attachment-to-exploiter`: Attachment to the exploiter. She is emotionally bound to someone who exploited her, for example sees him as her partner.
 * - `fear-of-traffickers`: Fear of the traffickers. She fears retribution against herself or her family, for example because the traffickers could read accepting help as cooperating with the police.
 * - `insufficient-protection`: Insufficient protection. She believes the service could not protect her or her family from the traffickers.
 * - `fear-of-police-contact`: Fear of police contact. She does not want contact with the police or fears that accepting would bring it.
 * - `distrust`: Distrust. She does not trust the organisation or the offer, suspects hidden costs, or fears being deceived or trafficked again because the offer resembles what the traffickers promised.
 * - `negative-past-experience`: Negative past experience. Earlier experiences with assistance, services or authorities were bad.
 * - `insufficient-information`: Insufficient information. She did not understand what was offered, by whom and how, because the information was too general, confusing or not in her language.
 * - `not-ready-to-decide`: Not ready to decide. She was in shock, exhausted or confused and could not decide at that moment.
 * - `service-not-suited`: Service not suited to her. The service does not address her specific needs or situation (for example her children, a disability or an addiction).
 * - `children-not-accommodated`: Children not accommodated. She could not bring her children.
 * - `too-far`: Too far away. The service is far from her home or community, usually in the capital.
 * - `shelter-restrictions`: Shelter restrictions. The restrictions of a shelter: closed doors, accompanied outings, no phone, limited contact with family and friends.
 * - `shelter-conditions`: Shelter conditions. Living conditions in the shelter: sharing with strangers, lack of privacy, stress.
 * - `programme-conditions`: Conditions attached. Conditions attached to the assistance she would not accept (the offer records which).
 * - `staff-attitude`: Staff attitude. She felt judged, disrespected or badly treated by staff.
 * - `stigma`: Stigma. She fears being labelled as a trafficking victim, a prostitute or a failed migrant in her community.
 * - `does-not-see-herself-as-victim`: Does not see herself as a victim. The victim identity is at odds with how she sees herself, or she does not consider what happened bad enough to need help.
 * - `wants-to-leave-past-behind`: Wants to leave the past behind. She wants to move on and not be reminded of what happened.
 * - `other`: Other. Another reason, given in her own words.
 */
export type AssistanceDeclineReason =
  | 'no-reason-given'
  | 'no-need'
  | 'support-elsewhere'
  | 'already-assisted'
  | 'wants-to-go-home'
  | 'wants-to-migrate-again'
  | 'needs-to-earn'
  | 'family-obligations'
  | 'family-opposition'
  | 'family-must-not-know'
  | 'joining-partner'
  | 'debt-obligations'
  | 'attachment-to-exploiter'
  | 'fear-of-traffickers'
  | 'insufficient-protection'
  | 'fear-of-police-contact'
  | 'distrust'
  | 'negative-past-experience'
  | 'insufficient-information'
  | 'not-ready-to-decide'
  | 'service-not-suited'
  | 'children-not-accommodated'
  | 'too-far'
  | 'shelter-restrictions'
  | 'shelter-conditions'
  | 'programme-conditions'
  | 'staff-attitude'
  | 'stigma'
  | 'does-not-see-herself-as-victim'
  | 'wants-to-leave-past-behind'
  | 'other';
/**
 * A message or record identifier: a UUID.
 */
export type Uuid = string;
/**
 * The one taxonomy of needs and services: what a need is about and what a service provides, used in needs, referrals (requested services), assistance offers, care plans and the service directory, so that a need is matched with the services that meet it. Codes have two levels: a top-level category (medical) and, after a dot, a specific one (medical.addiction-treatment). Use the specific code when it is known and the top-level code when it is not or when the need is general. Codes whose value alone reveals a health condition, proceedings or migration status carry their own sensitivity tier, so that the field is treated as that tier too; general codes such as medical or psychological.counselling do not.
 *
 * - `medical`: Medical care. Health care of any kind when no more specific category applies, including a general health check and help to register with a doctor.
 * - `medical.screening`: Health screening. A general health check or screening after trafficking, such as a first medical examination. Tests for HIV and sexually transmitted infections have their own code.
 * - `medical.sti-hiv-testing`: HIV and STI testing and treatment. Testing, counselling and treatment for HIV and other sexually transmitted infections. Results travel only to the treating provider, never by letter or to a local office.
 * - `medical.injuries`: Treatment of injuries. Treatment of physical injuries, including those caused by violence during the trafficking.
 * - `medical.addiction-treatment`: Addiction treatment. Treatment and rehabilitation for dependence on drugs, alcohol or other substances, including substitution therapy.
 * - `medical.chronic-care`: Chronic illness care. Continuing care for a long-term illness or condition, including medication.
 * - `medical.reproductive-health`: Reproductive health. Gynaecological care, contraception, pregnancy and maternity care, and termination of pregnancy.
 * - `medical.dental-care`: Dental care. Dental examination and treatment.
 * - `psychological`: Psychological support. Psychological help of any kind when no more specific category applies.
 * - `psychological.counselling`: Counselling. Individual or group counselling by a trained counsellor or social worker to cope with what happened.
 * - `psychological.therapy`: Psychotherapy. Structured psychotherapy by a qualified therapist, for example trauma-focused therapy.
 * - `psychological.psychiatric-care`: Psychiatric care. Assessment and treatment by a psychiatrist, including medication and in-patient care. Record the need only; a diagnosis is never recorded unless a qualified professional made it.
 * - `emotional-support`: Emotional support. Someone to talk to and rely on: a trusted case worker, peer support, a mentor or a support group.
 * - `economic`: Economic support. Money or goods to live on when no more specific category applies.
 * - `economic.emergency-cash`: Emergency cash. A one-off or short-term cash payment to cover immediate living costs.
 * - `economic.rent`: Rent support. Payment of rent, deposits or utility bills so that she can keep or take a home.
 * - `economic.debt-counselling`: Debt counselling. Advice and negotiation about debts, including loans taken to pay for the migration.
 * - `economic.grants`: Grants. A grant to start a small business or income-generating activity, or a scholarship.
 * - `economic.material-aid`: Material aid. Food, clothing, hygiene items, household goods and other things in kind.
 * - `education-training`: Education and vocational training. Learning of any kind when no more specific category applies.
 * - `education-training.schooling`: Schooling. Enrolment and support in primary or secondary school, catch-up classes, or adult basic education and literacy.
 * - `education-training.vocational-training`: Vocational training. Training for a trade or occupation, including apprenticeships and courses with a certificate.
 * - `education-training.language-course`: Language course. Learning the language of the country where she lives.
 * - `employment`: Employment. Help to find and keep safe work: job search, job placement, work permits, mediation with employers.
 * - `legal-administrative`: Legal and administrative help. Legal advice, representation or help with authorities when no more specific category applies.
 * - `legal-administrative.criminal-proceedings`: Criminal proceedings. Legal advice and representation in criminal proceedings, as injured party, witness or suspect. Says that proceedings exist, so it is labelled as a justice role.
 * - `legal-administrative.civil-matters`: Civil matters. Legal help in civil matters such as compensation claims, labour disputes, divorce or property.
 * - `legal-administrative.identity-documents`: Identity documents. Obtaining or replacing a passport, identity card or travel document.
 * - `legal-administrative.birth-registration`: Birth registration. Registering her birth or a child's birth, and obtaining birth certificates.
 * - `legal-administrative.residence-permits`: Residence permits. Applying for a reflection period, a residence permit, asylum or another protection status. Says that her stay needs regularising, so it is labelled as migration status.
 * - `legal-administrative.custody`: Custody. Custody, contact and guardianship of her children.
 * - `accommodation`: Accommodation. A place to stay when no more specific category applies.
 * - `accommodation.closed`: Closed shelter. A shelter where residents' movement and contacts are restricted (for example accompanied outings only). Used only when an individual risk assessment calls for it.
 * - `accommodation.secured`: Secured shelter. A shelter with physical or police security, for high-risk cases.
 * - `accommodation.secret-location`: Shelter at a secret location. A shelter whose address is kept secret. The address never leaves the shelter's own system; referrals name the service only.
 * - `accommodation.open`: Open shelter. A shelter where residents come and go freely.
 * - `accommodation.semi-independent`: Semi-independent living. Her own flat or a shared flat, partly funded and supported by a provider, as a step towards independence.
 * - `accommodation.social-housing`: Social housing. Long-term public or subsidised housing.
 * - `safety`: Safety and security. Protection from harm when no more specific category applies.
 * - `safety.risk-assessment`: Risk assessment. An individual assessment of the risks she faces and of the safety measures they call for, repeated over time.
 * - `safety.relocation`: Relocation. Moving her to a safer place, within the country or abroad.
 * - `safety.family-protection`: Protection of family. Protection of her family members, at home or abroad, from threats and reprisals.
 * - `family`: Family support. Support for her family relationships when no more specific category applies.
 * - `family.mediation`: Family mediation. Mediation between her and her family, for example before she returns home, without disclosing more than she agreed to.
 * - `family.dependants-needs`: Dependants' needs. Meeting the needs of her children and other dependants: childcare, schooling, clothing, health care. The dependant is named as the beneficiary of the need.
 * - `interpretation`: Interpretation. An interpreter or translator, so that she can understand and be understood.
 * - `return-reintegration`: Return and reintegration. Help with return and reintegration when no more specific category applies.
 * - `return-reintegration.assisted-return`: Assisted voluntary return. Organising a safe, voluntary return: travel documents, travel, escort and a handover to a provider in the country of return.
 * - `return-reintegration.reintegration-support`: Reintegration support. Support to settle in the community of return or of her choice, usually combining several other categories.
 * - `other`: Other. A need or service that no other category describes; the free-text detail says what it is.
 */
export type ServiceCategory =
  | 'medical'
  | 'medical.screening'
  | 'medical.sti-hiv-testing'
  | 'medical.injuries'
  | 'medical.addiction-treatment'
  | 'medical.chronic-care'
  | 'medical.reproductive-health'
  | 'medical.dental-care'
  | 'psychological'
  | 'psychological.counselling'
  | 'psychological.therapy'
  | 'psychological.psychiatric-care'
  | 'emotional-support'
  | 'economic'
  | 'economic.emergency-cash'
  | 'economic.rent'
  | 'economic.debt-counselling'
  | 'economic.grants'
  | 'economic.material-aid'
  | 'education-training'
  | 'education-training.schooling'
  | 'education-training.vocational-training'
  | 'education-training.language-course'
  | 'employment'
  | 'legal-administrative'
  | 'legal-administrative.criminal-proceedings'
  | 'legal-administrative.civil-matters'
  | 'legal-administrative.identity-documents'
  | 'legal-administrative.birth-registration'
  | 'legal-administrative.residence-permits'
  | 'legal-administrative.custody'
  | 'accommodation'
  | 'accommodation.closed'
  | 'accommodation.secured'
  | 'accommodation.secret-location'
  | 'accommodation.open'
  | 'accommodation.semi-independent'
  | 'accommodation.social-housing'
  | 'safety'
  | 'safety.risk-assessment'
  | 'safety.relocation'
  | 'safety.family-protection'
  | 'family'
  | 'family.mediation'
  | 'family.dependants-needs'
  | 'interpretation'
  | 'return-reintegration'
  | 'return-reintegration.assisted-return'
  | 'return-reintegration.reintegration-support'
  | 'other';
/**
 * The stage of her path at which an assistance offer was made. An offer is recorded once per service and stage, so that an offer declined at one stage can be made again at a later one.
 *
 * - `first-contact`: First contact. Detection and preliminary identification, before any referral.
 * - `crisis`: Crisis and first assistance. First assistance and protection, including the recovery and reflection period.
 * - `short-term`: Short-term assistance. The first months after the crisis.
 * - `medium-term`: Medium-term assistance. From about three months to a year.
 * - `long-term`: Long-term assistance and social inclusion. More than a year: education, work, housing, independence.
 * - `return`: Return. Preparing and carrying out her return to the country of origin or a third country.
 * - `reintegration`: Reintegration. Settling in the community of return or of her choice.
 * - `proceedings`: Criminal and civil proceedings. Support during criminal or civil proceedings that run in parallel.
 * - `follow-up`: Follow-up. Contact after the assistance has ended, or when she comes back later.
 */
export type AssistanceStage =
  | 'first-contact'
  | 'crisis'
  | 'short-term'
  | 'medium-term'
  | 'long-term'
  | 'return'
  | 'reintegration'
  | 'proceedings'
  | 'follow-up';
/**
 * A calendar date (RFC 3339 full-date).
 */
export type NrxDate = string;
/**
 * A language as a BCP 47 tag, for example sr, sr-Latn, ro-MD, en.
 */
export type LanguageTag = string;
/**
 * A condition that was attached to an assistance offer. Assistance must never depend on cooperation with the authorities; conditions are recorded so that such practices can be detected and reported. Codes that reveal her justice role, health or sex life carry their own tier.
 *
 * - `cooperation-with-authorities`: Cooperation with authorities. She had to cooperate with the police or another authority, for example by giving a statement.
 * - `testimony`: Testimony. She had to testify in criminal proceedings.
 * - `formal-identification`: Formal identification. She had to be, or apply to be, formally identified as a victim.
 * - `stay-in-shelter`: Stay in a shelter. She had to live in a shelter to receive the service.
 * - `end-contact-with-exploiters`: End contact with the exploiters. She had to end all contact with the people who exploited her.
 * - `no-family-contact`: No family contact. She had to limit or stop contact with her family.
 * - `leave-sex-work`: Leave sex work. She had to stop selling sex.
 * - `abstinence`: Abstinence from substances. She had to stop using drugs or alcohol or enter treatment.
 * - `religious-participation`: Religious participation. She had to take part in religious activities.
 * - `return-to-country-of-origin`: Return. She had to agree to return to her country of origin.
 * - `other`: Other. Another condition.
 */
export type OfferCondition =
  | 'cooperation-with-authorities'
  | 'testimony'
  | 'formal-identification'
  | 'stay-in-shelter'
  | 'end-contact-with-exploiters'
  | 'no-family-contact'
  | 'leave-sex-work'
  | 'abstinence'
  | 'religious-participation'
  | 'return-to-country-of-origin'
  | 'other';
/**
 * Where an assistance offer stands, one value per service and stage. Declining costs her nothing: the door stays open. "Not offered" is recorded too, because she cannot decline what she was never offered.
 *
 * - `offered`: Offered, no decision yet. The offer has been made and she has not yet decided.
 * - `accepted`: Accepted. She accepted the service.
 * - `partially-accepted`: Partially accepted. She accepted part of what was offered (for example material aid but not the shelter).
 * - `declined`: Declined. She declined the service. She need not give reasons; any she gave are recorded.
 * - `postponed`: Postponed. She wants to decide later or to start later.
 * - `withdrawn-by-person`: Withdrawn by her. She accepted and later stopped or left the service.
 * - `ended-by-provider`: Ended by the provider. The provider ended the service before she wanted it to end; the rule applied and whether it had been disclosed to her are recorded.
 * - `not-offered`: Not offered. The service would meet one of her needs but was not offered to her; the reasons say why.
 * - `not-eligible`: Not eligible. The service was not offered because its rules exclude her; the reasons say which rule.
 */
export type OfferDecision =
  | 'offered'
  | 'accepted'
  | 'partially-accepted'
  | 'declined'
  | 'postponed'
  | 'withdrawn-by-person'
  | 'ended-by-provider'
  | 'not-offered'
  | 'not-eligible';
/**
 * Who made a decision or received information: she herself or her legal guardian. Never an agency on her behalf. When a guardian decides for a child, the child's own view is recorded separately.
 *
 * - `person`: She herself. She decided, or was told, herself.
 * - `guardian`: Her guardian. Her legal guardian (for a child, or for an adult under guardianship) decided or was told.
 */
export type PersonOrGuardian = 'person' | 'guardian';
/**
 * Why a need is not (fully) met, or why a service was not offered. Recording gaps shows where the mechanism falls short and must not be used to blame her.
 *
 * - `no-service-available`: No service available. No provider offers the service in her area or country.
 * - `no-capacity`: No capacity. A provider exists but has no free place, or its waiting list is too long.
 * - `not-eligible`: Not eligible. The rules of the service exclude her (for example by age, sex or residence status); the rule is named where it is recorded.
 * - `requires-identification`: Requires formal identification. The service is open only to formally identified victims and she is not (yet) identified.
 * - `requires-cooperation`: Requires cooperation with authorities. The service is open only to people who cooperate with the police or prosecution. Assistance must not depend on cooperation; this reason is recorded so that the practice is visible.
 * - `cost-not-covered`: Cost not covered. No one will pay for the service.
 * - `too-far`: Too far. The service is too far away or there is no transport.
 * - `language-not-available`: Language not available. The service is not available in a language she understands and no interpreter is provided.
 * - `documents-missing`: Documents missing. She lacks the identity or residence documents the service requires.
 * - `declined-by-person`: Declined by her. She was offered the service and declined it; the assistance offer holds the reasons.
 * - `lost-contact`: Contact lost. The provider lost contact with her.
 * - `other`: Other. Another reason.
 */
export type ServiceGapReason =
  | 'no-service-available'
  | 'no-capacity'
  | 'not-eligible'
  | 'requires-identification'
  | 'requires-cooperation'
  | 'cost-not-covered'
  | 'too-far'
  | 'language-not-available'
  | 'documents-missing'
  | 'declined-by-person'
  | 'lost-contact'
  | 'other';
/**
 * Why a provider ended a service before she wanted it to end. Exclusion for breaking rules is recorded with the rule and whether it had been explained to her beforehand.
 *
 * - `rule-breach`: Breach of a rule. She broke a rule of the service (for example house rules of a shelter).
 * - `maximum-duration-reached`: Maximum duration reached. The service has a fixed maximum duration and it has passed.
 * - `eligibility-ended`: Eligibility ended. She no longer meets a condition of the service (for example identification refused, residence permit ended, turned 18).
 * - `funding-ended`: Funding ended. The programme or its funding ended.
 * - `safety-of-others`: Safety of others. Her stay put other residents or staff at risk.
 * - `lost-contact`: Contact lost. She stopped attending and could not be reached.
 * - `other`: Other. Another reason.
 */
export type ProviderEndingReason =
  | 'rule-breach'
  | 'maximum-duration-reached'
  | 'eligibility-ended'
  | 'funding-ended'
  | 'safety-of-others'
  | 'lost-contact'
  | 'other';
/**
 * The kind of assistance plan.
 *
 * - `immediate`: Immediate assistance plan. The first plan, drawn up at once to meet immediate needs: safety, accommodation, health, food.
 * - `individual-care`: Individual care plan. The plan for her recovery and inclusion, drawn up with her and the partner agencies (in Serbia within two weeks of the immediate plan).
 * - `reintegration`: Reintegration plan. The plan for her reintegration after return or for her settling where she chose to stay.
 */
export type PlanType = 'immediate' | 'individual-care' | 'reintegration';
/**
 * Whether a plan is in force.
 *
 * - `draft`: Draft. Being drawn up, not yet agreed.
 * - `active`: Active. Agreed and in force.
 * - `superseded`: Superseded. Replaced by a newer plan.
 * - `completed`: Completed. Its goals were reached or the assistance ended as planned.
 * - `discontinued`: Discontinued. Stopped before completion, for example because she left the programme.
 */
export type PlanStatus = 'draft' | 'active' | 'superseded' | 'completed' | 'discontinued';
/**
 * How far she took part in drawing up her plan. She is best placed to judge her own well-being and should decide about the support offered.
 *
 * - `drawn-up-with-her`: Drawn up with her. She took part in person in drawing up the plan and decided about its content.
 * - `consulted`: Consulted. She was asked for her views, which were taken into account, but was not part of drawing it up.
 * - `informed-only`: Informed only. The plan was explained to her after it was made.
 * - `not-involved`: Not involved. She was neither consulted nor informed.
 */
export type PlanParticipation = 'drawn-up-with-her' | 'consulted' | 'informed-only' | 'not-involved';
/**
 * Progress on one goal of an assistance plan.
 *
 * - `not-started`: Not started. Work on the goal has not started.
 * - `in-progress`: In progress. Work is under way.
 * - `achieved`: Achieved. The goal was reached.
 * - `partly-achieved`: Partly achieved. The goal was reached in part.
 * - `not-achieved`: Not achieved. The goal was not reached by its target date.
 * - `dropped`: Dropped. She and her case worker agreed to drop the goal.
 */
export type GoalStatus = 'not-started' | 'in-progress' | 'achieved' | 'partly-achieved' | 'not-achieved' | 'dropped';
/**
 * The child's own view of a decision made for her by a guardian or legal representative, recorded separately from the decision itself.
 *
 * - `agrees`: Agrees. The child was told, in a way she understands, and agrees.
 * - `disagrees`: Disagrees. The child was told and does not agree. Her disagreement is recorded and weighed.
 * - `not-asked`: Not asked. The child was not asked; the record should say why.
 * - `unable-to-express`: Unable to express a view. The child could not form or express a view (for example because of her age or condition).
 */
export type ChildView = 'agrees' | 'disagrees' | 'not-asked' | 'unable-to-express';
/**
 * How compensation is claimed.
 *
 * - `criminal-proceedings`: Claim in criminal proceedings. A property claim made by the injured party within the criminal proceedings against the offender.
 * - `civil-proceedings`: Civil suit. A separate civil action against the offender or employer.
 * - `state-fund`: State compensation scheme. A claim to a state fund or scheme for victims of crime.
 * - `labour-claim`: Labour claim. A claim for unpaid wages or social contributions through labour courts or inspection.
 * - `settlement`: Settlement. An out-of-court settlement.
 */
export type CompensationRoute =
  'criminal-proceedings' | 'civil-proceedings' | 'state-fund' | 'labour-claim' | 'settlement';
/**
 * Whether a consent record, or one of its provisions, permits or denies what it describes (HL7 FHIR R5 Consent.decision and Consent.provision.type).
 *
 * - `permit`: Permit. What the record or provision describes is allowed.
 * - `deny`: Deny. What the record or provision describes is not allowed.
 */
export type ConsentDecision = 'permit' | 'deny';
/**
 * Who gave the consent: she herself, or someone legally entitled to give it for her.
 *
 * - `self`: Herself. She gave consent herself.
 * - `guardian`: Guardian. Her guardian gave consent because she is a child or lacks legal capacity. For a child, the child's own view is recorded separately.
 * - `legal-representative`: Legal representative. A legal representative with power to consent for her (for example a parent with parental responsibility, or a representative appointed by a court). For a child, the child's own view is recorded separately.
 */
export type ConsentGrantor = 'self' | 'guardian' | 'legal-representative';
/**
 * How a consent, or its withdrawal, was given.
 *
 * - `written`: Written. Signed on paper or on screen after the text was read or read out to her.
 * - `oral`: Oral. Said aloud and written down by the case worker, who read it back to her.
 * - `recorded`: Recorded. Given orally and recorded as audio or video with her agreement.
 */
export type ConsentMethod = 'written' | 'oral' | 'recorded';
/**
 * The version of the NRX standard the payload follows (semantic version, major 1).
 */
export type SpecVersion = string;
/**
 * A pseudonymous reference to the person a message is about. It is never her name, document number or any value from which either can be derived; each gateway may present a different pseudonym to each recipient.
 */
export type SubjectRef = string;
/**
 * Whether a consent record is in force (HL7 FHIR R5 Consent.state, refined for withdrawal and supersession).
 *
 * - `active`: Active. In force. A provisional consent is active until it is confirmed or lapses.
 * - `withdrawn`: Withdrawn. She (or her guardian) withdrew it. Nothing more is shared under it; what was already shared is recorded.
 * - `superseded`: Superseded. Replaced by a newer consent record that names this one as superseded.
 * - `expired`: Expired. Its period ended, or a provisional consent was not confirmed by its confirm-by date.
 * - `entered-in-error`: Entered in error. Recorded by mistake; it never had effect.
 */
export type ConsentState = 'active' | 'withdrawn' | 'superseded' | 'expired' | 'entered-in-error';
/**
 * Why a consent was recorded as provisional and must be confirmed later. A provisional consent covers the immediate help only until confirmed.
 *
 * - `first-contact`: First contact. Given at first contact, in shock or crisis, before she could take in what it means.
 * - `no-interpreter`: No interpreter. Given without a qualified interpreter in her language.
 * - `under-influence`: Under the influence. Given while she was affected by alcohol, drugs or medication.
 * - `not-fully-informed`: Not fully informed. The full information about what is shared, with whom and why could not yet be given to her.
 * - `other`: Other. Another reason to confirm the consent later.
 */
export type ProvisionalReason = 'first-contact' | 'no-interpreter' | 'under-influence' | 'not-fully-informed' | 'other';
/**
 * An instant with its offset (RFC 3339 date-time).
 */
export type DateTime = string;
/**
 * The class of a federation member, the second part of its member identifier (X-Road style): whether it is a state body, a civil-society organisation, an international organisation, a commercial provider or an educational institution.
 *
 * - `GOV`: Government. A state body: coordinating body, ministry, police, prosecution, court, centre for social work, immigration or asylum authority, labour inspectorate, public health or education institution, embassy or consulate.
 * - `NGO`: Civil society organisation. A non-governmental organisation: shelter, SOS helpline, legal aid, reintegration programme, women's organisation, outreach or drop-in centre.
 * - `IO`: International organisation. An intergovernmental organisation such as IOM, UNHCR or UNICEF.
 * - `COM`: Commercial provider. A private company contracted to provide a service, such as interpretation or accommodation.
 * - `EDU`: Educational or research institution. A university or research institute, receiving aggregate data for statistics and research only.
 */
export type MemberClass = 'GOV' | 'NGO' | 'IO' | 'COM' | 'EDU';
/**
 * Why data are requested or shared. Purposes are distinct: data shared for one may not be used for another, and each data-sharing agreement states, per purpose, the largest set of fields a recipient may get.
 *
 * - `assistance`: Assistance. Providing or arranging assistance and protection services to the person.
 * - `identification`: Identification. Preliminary or formal identification of the person as a victim of trafficking, including locating a missing person reported as a suspected victim.
 * - `referral`: Referral. Passing the person on to another agency that can help, and following up the referral.
 * - `return-reintegration`: Return and reintegration. Preparing a safe, voluntary return and her reintegration in the country of origin or a third country.
 * - `child-protection`: Child protection. Guardianship and protection of a child by the competent authority.
 * - `criminal-justice`: Criminal justice. Investigation and prosecution, and her participation in proceedings, only as far as she agreed to cooperate or the law requires.
 * - `mandatory-crime-notification`: Mandatory crime notification. Fulfilling a legal duty to report a crime; only the minimal facts the duty requires.
 * - `residence-immigration`: Residence and immigration. A residence permit, reflection period or protection from removal; only what the application needs.
 * - `statistics`: Statistics. Aggregate statistics and research; individual records never leave, and small cells are suppressed.
 */
export type Purpose =
  | 'assistance'
  | 'identification'
  | 'referral'
  | 'return-reintegration'
  | 'child-protection'
  | 'criminal-justice'
  | 'mandatory-crime-notification'
  | 'residence-immigration'
  | 'statistics';
/**
 * A named group of fields about her, used in consent provisions and data-sharing agreements so that she can agree to share, for example, her needs but not her health. Groups may overlap; a field belongs to every group whose definition covers it, and a provision on a group covers all of its fields wherever they appear in a referral.
 *
 * - `identity`: Identity. Who she is: given, family, other and preferred names, sex, citizenship and statelessness, photographs, and references to her in other systems (case numbers).
 * - `contact`: Contact details. How to reach her: phone number, e-mail address and whether it is safe to leave a message.
 * - `date-of-birth`: Date of birth. Her full date of birth and whether it is estimated. An age band or a minor flag derived from it is released through a transform.
 * - `documents`: Documents. Her identity and travel documents: kind, number, issuing country, expiry and whether she holds them.
 * - `location`: Location. Where she is or comes from: current address, home community, country of residence, whereabouts, the destination and travel details of a return, and the service or shelter she stays in.
 * - `family`: Family. Her family and intimate relationships and what they know: family awareness, relatives, partners, and family members' involvement in the trafficking.
 * - `health`: Health. Physical and mental health, disability and accommodations, pregnancy, addiction, test results, and health-related needs and services.
 * - `ethnicity`: Ethnicity and religion. Ethnic origin, religion or belief.
 * - `sexual-life`: Sex life and gender identity. Sex life, sexual orientation and gender identity, and the details of sexual exploitation.
 * - `criminal`: Criminal offences. Offences she is suspected of, charged with or convicted of, and the non-punishment question.
 * - `trafficking-status`: Trafficking status. The fact that she is or may be a victim of trafficking: the identification outcome, self-identification, the term she prefers, and whether she was a minor when trafficked.
 * - `exploitation-details`: Exploitation details. What happened: trafficking episodes with forms of exploitation, sectors, countries of recruitment, transit and exploitation, the recruiter's relationship, means of control, exit and the indicators observed.
 * - `identification`: Identification. Her identification records: issuer and issuer type, procedure, decision, dates, reasons and review.
 * - `needs`: Needs. Her needs and her dependants' needs: category, origin, horizon and beneficiary.
 * - `assistance`: Assistance. Assistance offers made to her and her decision on each, including services received and ended.
 * - `plan`: Assistance plan. Her assistance (care) plan: goals, services, responsibilities, reviews and her participation.
 * - `risk`: Risk assessment. Risk assessments: threat sources, level, dates and restrictions imposed.
 * - `residence`: Residence status. Her residence and immigration status: reflection period, permits, pending applications and removal suspension.
 * - `justice`: Justice. Her role in proceedings, the proceedings, compensation claims and legal representation.
 * - `cooperation`: Cooperation. Whether she cooperates with the authorities, as she stated it.
 * - `return`: Return. Her wish to return or stay and the return plan, except destination and travel details, which are also in the location group.
 * - `dependants`: Dependants. Her dependants, usually children: relation, age, whether co-trafficked or born of trafficking, and their own needs.
 * - `narrative`: Narrative. Free text: her own words anywhere in a referral, and case workers' notes and narrative.
 */
export type FieldGroup =
  | 'identity'
  | 'contact'
  | 'date-of-birth'
  | 'documents'
  | 'location'
  | 'family'
  | 'health'
  | 'ethnicity'
  | 'sexual-life'
  | 'criminal'
  | 'trafficking-status'
  | 'exploitation-details'
  | 'identification'
  | 'needs'
  | 'assistance'
  | 'plan'
  | 'risk'
  | 'residence'
  | 'justice'
  | 'cooperation'
  | 'return'
  | 'dependants'
  | 'narrative';
/**
 * Whether she cooperates with the police, prosecutor or courts. Only ever her own statement, recorded through her counsellor; never inferred from the assistance she receives, and assistance never depends on it.
 *
 * - `not-asked`: Not asked. No one has asked her to cooperate, or she has not yet been told of the possibility.
 * - `undecided`: Undecided. She was told of the possibility and has not decided. Her reflection period exists for this.
 * - `declined`: Declined. She decided not to cooperate. Her assistance continues unchanged.
 * - `witness`: Cooperating as a witness. She decided to cooperate and gives or has given statements or evidence as a witness.
 */
export type Cooperation = 'not-asked' | 'undecided' | 'declined' | 'witness';
/**
 * The legal basis on which data are shared. Every code other than consent means the data are shared without her consent; any disclosure made on such a basis is flagged for the data-protection officer and shown to her in the record of who received what, unless the law requires otherwise.
 *
 * - `consent`: Her consent. She (or for a child, her guardian, with the child's own view recorded) consented to this disclosure, as given in the consent records the message cites (GDPR Art. 6(1)(a) and 9(2)(a)). The only basis that is not an override.
 * - `mandatory-crime-notification`: Mandatory crime notification. Without consent: a legal duty to report a crime to the police or prosecutor. Only the minimal facts the duty requires may be shared, never her assistance records. Flagged for the data-protection officer.
 * - `vital-interest`: Vital interest. Without consent: needed to protect her life or physical safety, or someone else's, when she cannot give consent (GDPR Art. 6(1)(d) and 9(2)(c)), for example a medical emergency. Flagged for the data-protection officer.
 * - `child-protection-duty`: Child-protection duty. Without consent: the legal duty of an agency to inform the guardianship or child-protection authority about a child at risk. Flagged for the data-protection officer.
 * - `court-order`: Court order. Without consent: an order of a court that requires the disclosure, within the limits of the order (GDPR Art. 9(2)(f)). Flagged for the data-protection officer.
 * - `legal-obligation`: Other legal obligation. Without consent: another obligation in law that requires the disclosure and names the data and recipient (GDPR Art. 6(1)(c)). The provision must be cited in the record. Flagged for the data-protection officer.
 * - `public-interest-task`: Public-interest task. Without consent: needed for a task carried out in the public interest or in the exercise of official authority vested in the recipient by law (GDPR Art. 6(1)(e)), such as the identifying body's identification procedure. Flagged for the data-protection officer.
 */
export type LegalBasis =
  | 'consent'
  | 'mandatory-crime-notification'
  | 'vital-interest'
  | 'child-protection-duty'
  | 'court-order'
  | 'legal-obligation'
  | 'public-interest-task';
/**
 * How a dependant is related to her.
 *
 * - `child`: Child. Her son or daughter, including an adopted child.
 * - `stepchild`: Stepchild. Her partner's child.
 * - `grandchild`: Grandchild. Her grandchild.
 * - `sibling`: Sibling. Her brother or sister.
 * - `parent`: Parent. Her mother or father.
 * - `grandparent`: Grandparent. Her grandmother or grandfather.
 * - `partner`: Partner. Her spouse or partner who depends on her.
 * - `other-relative`: Other relative. Another relative.
 * - `other`: Other. Someone not related to her who depends on her.
 */
export type DependantRelation =
  'child' | 'stepchild' | 'grandchild' | 'sibling' | 'parent' | 'grandparent' | 'partner' | 'other-relative' | 'other';
/**
 * With whom a dependant lives, without saying where.
 *
 * - `with-her`: With her. Lives with her, including in her shelter.
 * - `with-other-parent`: With the other parent. Lives with the child's other parent.
 * - `with-relatives`: With relatives. Lives with grandparents or other relatives.
 * - `in-state-care`: In state care. In foster care, a children's home or other care arranged by the authorities.
 * - `independent`: Independent. Lives independently.
 * - `with-exploiters`: With the exploiters. Is held by, or lives with, the people who exploited her.
 * - `unknown`: Unknown. She does not know where the dependant is.
 * - `other`: Other. Somewhere else.
 */
export type DependantWhereabouts =
  | 'with-her'
  | 'with-other-parent'
  | 'with-relatives'
  | 'in-state-care'
  | 'independent'
  | 'with-exploiters'
  | 'unknown'
  | 'other';
/**
 * Who has legal guardianship or parental responsibility for a dependant child.
 *
 * - `she`: She herself. She has parental responsibility.
 * - `shared`: Shared. She and the other parent share parental responsibility.
 * - `other-parent`: Other parent. The other parent alone.
 * - `relative`: Relative. A grandparent or other relative appointed as guardian.
 * - `state-guardian`: State guardian. A guardian appointed by the guardianship authority (for example a centre for social work).
 * - `other`: Other. Someone else.
 */
export type GuardianType = 'she' | 'shared' | 'other-parent' | 'relative' | 'state-guardian' | 'other';
/**
 * The kind of an identity or travel document. Only the kind is coded; the document number is a separate, identifying field.
 *
 * - `passport`: Passport. A national passport issued by a state to its citizen.
 * - `national-id`: National identity card. A national identity card issued by a state to its citizen or resident.
 * - `residence-permit`: Residence permit. A permit or card showing the right to reside in a country, including temporary permits granted to victims of trafficking.
 * - `birth-certificate`: Birth certificate. A birth certificate or extract from a birth register. Often the first document needed to obtain any other document.
 * - `travel-document`: Travel document. A travel document other than a national passport: refugee or stateless travel document, emergency travel document or laissez-passer issued for return.
 * - `driving-licence`: Driving licence. A driving licence, used as proof of identity.
 * - `other`: Other document. Any other document that identifies her, such as a work permit, visa, seafarer's book or school record.
 */
export type DocumentType =
  | 'passport'
  | 'national-id'
  | 'residence-permit'
  | 'birth-certificate'
  | 'travel-document'
  | 'driving-licence'
  | 'other';
/**
 * The sector in which she was exploited. Sections follow the International Standard Industrial Classification (ISIC Rev. 4), as IOM HTCDS 2.0 does; two further codes cover sectors that ISIC does not name.
 *
 * - `agriculture-forestry-fishing`: Agriculture, forestry and fishing. ISIC A: crops, livestock, harvesting, forestry, fishing and fish farming.
 * - `mining-quarrying`: Mining and quarrying. ISIC B: extraction of coal, ores, stone, sand, oil and gas.
 * - `manufacturing`: Manufacturing. ISIC C: factories and workshops, including textiles, garments and food processing.
 * - `electricity-gas-supply`: Electricity and gas supply. ISIC D: generation and distribution of energy.
 * - `water-waste-management`: Water supply and waste management. ISIC E: water, sewerage, waste collection, recycling.
 * - `construction`: Construction. ISIC F: building, civil engineering, renovation.
 * - `wholesale-retail-trade`: Wholesale and retail trade. ISIC G: shops, markets, car washes and repair of vehicles.
 * - `transport-storage`: Transport and storage. ISIC H: driving, logistics, warehouses, shipping.
 * - `accommodation-food-services`: Accommodation and food services. ISIC I: hotels, restaurants, bars, catering.
 * - `information-communication`: Information and communication. ISIC J: media, publishing, telecommunications, online work.
 * - `finance-insurance`: Finance and insurance. ISIC K: banking, insurance, financial services.
 * - `real-estate`: Real estate. ISIC L: renting, buying and selling property.
 * - `professional-scientific-technical`: Professional and technical services. ISIC M: legal, accounting, consulting and technical services.
 * - `administrative-support-services`: Administrative and support services. ISIC N: cleaning, security, temporary work agencies, landscape care.
 * - `public-administration-defence`: Public administration and defence. ISIC O: government bodies.
 * - `education`: Education. ISIC P: schools and training.
 * - `health-social-work`: Health and social work. ISIC Q: hospitals, care homes, home care.
 * - `arts-entertainment-recreation`: Arts, entertainment and recreation. ISIC R: performing arts, sports, gambling, amusement.
 * - `other-services`: Other services. ISIC S: personal services such as beauty salons and massage, and repair of household goods.
 * - `households-as-employers`: Private households as employers. ISIC T: domestic work in private households.
 * - `extraterritorial-organisations`: Extraterritorial organisations. ISIC U: embassies and international organisations as employers.
 * - `sex-industry`: Sex industry. Prostitution, escort services, strip clubs and online sexual services.
 * - `illicit-economy`: Illicit economy. Activities that are criminal in themselves, such as drug cultivation or organised theft.
 * - `street-begging`: Street begging. Begging in public places.
 */
export type EconomicSector =
  | 'agriculture-forestry-fishing'
  | 'mining-quarrying'
  | 'manufacturing'
  | 'electricity-gas-supply'
  | 'water-waste-management'
  | 'construction'
  | 'wholesale-retail-trade'
  | 'transport-storage'
  | 'accommodation-food-services'
  | 'information-communication'
  | 'finance-insurance'
  | 'real-estate'
  | 'professional-scientific-technical'
  | 'administrative-support-services'
  | 'public-administration-defence'
  | 'education'
  | 'health-social-work'
  | 'arts-entertainment-recreation'
  | 'other-services'
  | 'households-as-employers'
  | 'extraterritorial-organisations'
  | 'sex-industry'
  | 'illicit-economy'
  | 'street-begging';
/**
 * Who accompanies her on a return journey.
 *
 * - `none`: No escort. She travels alone, by her choice.
 * - `ngo-staff`: NGO staff. Staff of a civil-society organisation accompany her.
 * - `io-staff`: International organisation staff. Staff of an international organisation (for example IOM) accompany her.
 * - `social-worker`: Social worker. A social worker or guardian accompanies her; usual for a child.
 * - `consular-staff`: Consular staff. Staff of her country's embassy or consulate accompany her.
 * - `police`: Police escort. Police accompany her for her protection. Never a removal under escort.
 * - `family-member`: Family member. A family member she chose accompanies her.
 */
export type EscortType =
  'none' | 'ngo-staff' | 'io-staff' | 'social-worker' | 'consular-staff' | 'police' | 'family-member';
/**
 * How the exploitation ended or she got away from it. It tells later providers how much risk may remain and who already knows of the case.
 *
 * - `escaped`: Escaped by herself. She left or ran away on her own initiative.
 * - `helped-by-private-person`: Helped by a private person. A client, neighbour, colleague or other private person helped her get away.
 * - `helped-by-family`: Helped by family or friends. Family members or friends got her out.
 * - `law-enforcement-operation`: Law-enforcement operation. A police raid or investigation ended the exploitation.
 * - `labour-inspection`: Labour inspection. A labour inspection found her.
 * - `outreach`: Outreach or helpline. An NGO outreach team, drop-in centre or helpline reached her.
 * - `health-services`: Health services. She was found through a hospital, clinic or other health contact.
 * - `apprehended-or-removed`: Apprehended or removed. She was arrested, or removed or deported for irregular stay or an offence, before anyone recognised the trafficking.
 * - `released-by-exploiters`: Released by the exploiters. The exploiters let her go, for example when the debt was declared paid or she was no longer profitable.
 * - `not-ended`: Not ended. The exploitation has not ended or she is still in contact with the exploiters.
 * - `other`: Other. Another way out.
 */
export type ExitMode =
  | 'escaped'
  | 'helped-by-private-person'
  | 'helped-by-family'
  | 'law-enforcement-operation'
  | 'labour-inspection'
  | 'outreach'
  | 'health-services'
  | 'apprehended-or-removed'
  | 'released-by-exploiters'
  | 'not-ended'
  | 'other';
/**
 * The purpose for which she was trafficked, as in the definition of trafficking in human beings (Palermo Protocol Art. 3, Council of Europe Convention Art. 4). An episode may have several forms. Codes that reveal her sex life or offences she was forced to commit carry their own tier.
 *
 * - `sexual-exploitation`: Sexual exploitation. Exploitation of the prostitution of others or other forms of sexual exploitation, including pornography and remote sexual services.
 * - `forced-labour`: Labour exploitation. Forced labour or services in any sector other than domestic work, including child labour (HTCDS ForcedLabour, ChildLabour).
 * - `domestic-servitude`: Domestic servitude. Forced work in a private household: cleaning, cooking, care of children or elderly people, usually living in (HTCDS Servitude).
 * - `forced-begging`: Forced begging. Being made to beg and hand over the money.
 * - `forced-criminality`: Forced criminality. Being made to commit offences such as theft, pickpocketing, drug cultivation or transport, or fraud. She must not be punished for them (non-punishment principle).
 * - `forced-marriage`: Forced marriage. A marriage entered into without her free and full consent, or a servile marriage.
 * - `organ-removal`: Removal of organs. Removal of organs, tissues or cells for sale or transplantation.
 * - `illegal-adoption`: Illegal adoption. Sale or transfer of a child for adoption outside the law (HTCDS ForcedAdoption).
 * - `forced-surrogacy`: Forced surrogacy. Being made to carry a pregnancy for others (HTCDS Surrogacy).
 * - `armed-group-recruitment`: Recruitment by armed groups. Forced recruitment or use by a non-state armed group (HTCDS ForcedMilitaryByNonStateActors).
 * - `other`: Other exploitation. A form of exploitation that no other code describes.
 * - `intended-not-carried-out`: Intended, not carried out. She was recruited, transported or harboured for exploitation, but it did not take place (for example she was intercepted at the border). The intended form, when known, is given with it.
 */
export type ExploitationForm =
  | 'sexual-exploitation'
  | 'forced-labour'
  | 'domestic-servitude'
  | 'forced-begging'
  | 'forced-criminality'
  | 'forced-marriage'
  | 'organ-removal'
  | 'illegal-adoption'
  | 'forced-surrogacy'
  | 'armed-group-recruitment'
  | 'other'
  | 'intended-not-carried-out';
/**
 * What her family knows of what happened to her. Recorded so that no one tells the family more than it knows: a family can be a hostile requester of information or part of the trafficking.
 *
 * - `knows-all`: Knows everything. Her family knows that she was trafficked and the essentials of what happened, and she is content that they know.
 * - `knows-partly`: Knows in part. Her family knows part of what happened (for example that she was exploited at work, but not the sexual exploitation). Tell them nothing beyond what she confirms they know.
 * - `does-not-know`: Does not know. Her family does not know what happened. Nothing may be said to them that reveals it.
 * - `must-not-know`: Must not know. She asked that her family never learn what happened, or the family is a danger to her (for example involved in the trafficking). No contact with the family about her without her explicit instruction.
 * - `unknown`: Unknown. Not known or not yet asked; treat as does-not-know.
 */
export type FamilyAwareness = 'knows-all' | 'knows-partly' | 'does-not-know' | 'must-not-know' | 'unknown';
/**
 * The kind of offence she was made to commit during forced criminality. Every code is criminal-offence data (GDPR Art. 10) and the basis of a non-punishment claim; it never travels to a body that could use it against her.
 *
 * - `theft`: Theft. Theft, including pickpocketing, shoplifting and burglary.
 * - `drug-cultivation`: Drug cultivation or production. Growing cannabis or producing other drugs.
 * - `drug-transport-or-sale`: Drug transport or sale. Carrying drugs across borders (as a courier) or selling them.
 * - `fraud`: Fraud. Benefit fraud, card or identity fraud, or taking out loans or contracts in her name.
 * - `document-offence`: Document offence. Using forged or someone else's documents.
 * - `immigration-offence`: Immigration offence. Irregular border crossing or stay as part of the trafficking.
 * - `prostitution-offence`: Prostitution-related offence. An offence under laws that punish selling sex or soliciting.
 * - `other`: Other offence. Another offence she was made to commit.
 */
export type ForcedCriminalityActivity =
  | 'theft'
  | 'drug-cultivation'
  | 'drug-transport-or-sale'
  | 'fraud'
  | 'document-offence'
  | 'immigration-offence'
  | 'prostitution-offence'
  | 'other';
/**
 * Where she stands in identification as a victim of trafficking with one issuer. Kept apart from her self-identification, from cooperation with authorities and from every other status.
 *
 * - `potential`: Potential victim. Someone noticed signs of trafficking, but no one has yet assessed them.
 * - `presumed`: Presumed victim. A preliminary identification found reasonable grounds to believe she is a victim. She is entitled to assistance and to a recovery and reflection period while the formal identification runs.
 * - `identified`: Identified victim. The issuer formally identified her as a victim of trafficking.
 * - `refused`: Identification refused. The issuer decided she is not a victim of trafficking. She must have received written reasons and may ask for a review.
 * - `under-review`: Decision under review. A refusal is being reviewed at her request or at the request of an agency involved.
 */
export type IdentificationStatus = 'potential' | 'presumed' | 'identified' | 'refused' | 'under-review';
/**
 * Whether an identification is preliminary (reasonable grounds, by a first responder) or formal (the decision of the body the law designates).
 *
 * - `preliminary`: Preliminary identification. A first responder (police, NGO, labour inspector, social worker) recognised indicators and treats her as a presumed victim.
 * - `formal`: Formal identification. The identification procedure of the competent body, ending in a decision that grants or refuses victim status.
 */
export type IdentificationStage = 'preliminary' | 'formal';
/**
 * What kind of body identified her. An identification travels with its issuer type so that a receiving mechanism, possibly in another country, can weigh it: an NGO identification made without police involvement may not be recognised everywhere.
 *
 * - `ngo-without-police`: NGO, without police. A civil-society organisation identified her on its own assessment, without police involvement.
 * - `ngo-with-police`: NGO, with police. A civil-society organisation identified her together with, or confirmed by, the police.
 * - `state-coordinating-body`: State coordinating body. The state body that the national referral mechanism designates to identify victims (for example Serbia's Centre for Protection of Trafficking Victims).
 * - `police`: Police. A police unit, including anti-trafficking and border police.
 * - `labour-inspectorate`: Labour inspectorate. A labour inspector.
 * - `social-services`: Social services. A centre for social work or child-protection authority.
 * - `immigration-authority`: Immigration or asylum authority. An aliens' office, immigration service or asylum authority.
 * - `prosecutor`: Prosecutor. A public prosecutor.
 * - `court`: Court. A court, in criminal, civil or administrative proceedings.
 * - `international-organisation`: International organisation. An intergovernmental organisation such as IOM or UNHCR.
 * - `other`: Other. Another kind of body.
 */
export type IdentificationIssuerType =
  | 'ngo-without-police'
  | 'ngo-with-police'
  | 'state-coordinating-body'
  | 'police'
  | 'labour-inspectorate'
  | 'social-services'
  | 'immigration-authority'
  | 'prosecutor'
  | 'court'
  | 'international-organisation'
  | 'other';
/**
 * The published list of trafficking indicators an observed indicator comes from, so that the receiving agency knows what it means and how much weight it carries.
 *
 * - `iom`: IOM. Indicators of the International Organization for Migration.
 * - `ilo`: ILO. ILO/European Commission operational indicators of trafficking (Delphi indicators) and ILO indicators of forced labour.
 * - `unodc`: UNODC. UNODC human trafficking indicators.
 * - `police`: Police. A police indicator list.
 * - `labour-inspectorate`: Labour inspectorate. A labour inspectorate's indicator list.
 * - `national-list`: National list. The indicator list adopted for the national referral mechanism (for example in its standard operating procedures).
 * - `other`: Other. Another published list, named in the indicator's label.
 */
export type IndicatorSet = 'iom' | 'ilo' | 'unodc' | 'police' | 'labour-inspectorate' | 'national-list' | 'other';
/**
 * The outcome of a formal identification procedure.
 *
 * - `granted`: Granted. Victim status granted.
 * - `refused`: Refused. Victim status refused; written reasons must be given to her and to the agency that referred her.
 * - `discontinued`: Discontinued. The procedure ended without a decision, for example because she could no longer be reached or withdrew her application. A new procedure may start at any time.
 */
export type IdentificationDecision = 'granted' | 'refused' | 'discontinued';
/**
 * Who asked for a review of a negative identification decision.
 *
 * - `person`: She herself. The person concerned.
 * - `guardian`: Her guardian. Her legal guardian, for a child or an adult under guardianship.
 * - `legal-representative`: Her lawyer. A lawyer or legal representative acting for her.
 * - `referring-agency`: Referring agency. The agency that made the preliminary identification or the referral.
 */
export type ReviewRequester = 'person' | 'guardian' | 'legal-representative' | 'referring-agency';
/**
 * Where a review of a negative identification decision stands.
 *
 * - `pending`: Pending. The review has been requested and not yet decided.
 * - `upheld`: Refusal upheld. The review confirmed the refusal.
 * - `overturned`: Overturned. The review granted victim status.
 * - `returned-for-reexamination`: Returned for re-examination. The reviewing body sent the case back to the issuer to decide again.
 * - `withdrawn`: Withdrawn. The request for review was withdrawn.
 */
export type ReviewOutcome = 'pending' | 'upheld' | 'overturned' | 'returned-for-reexamination' | 'withdrawn';
/**
 * How information was given to her. Written material she can keep helps when she was in shock at first contact.
 *
 * - `oral`: Oral. Told in conversation.
 * - `written`: Written. A leaflet, letter or form.
 * - `easy-read`: Easy read. Written in simple words with pictures, for children or people with limited literacy.
 * - `audio-video`: Audio or video. A recording she can listen to or watch.
 * - `sign-language`: Sign language. Given in sign language.
 * - `visit`: Visit. She was shown the premises or met people who had used the service.
 */
export type InformationFormat = 'oral' | 'written' | 'easy-read' | 'audio-video' | 'sign-language' | 'visit';
/**
 * What she was told about. Recording it lets later providers neither repeat nor contradict it, and shows whether she knew her rights before she decided anything.
 *
 * - `rights`: Her rights. Her rights as a (presumed) victim of trafficking in general.
 * - `reflection-period`: Recovery and reflection period. The recovery and reflection period: its length and that she cannot be removed during it.
 * - `identification-procedure`: Identification procedure. How identification works, who decides and what follows from it.
 * - `identification-review`: Review of the identification decision. Her right to written reasons for a negative decision and to ask for a review.
 * - `assistance-options`: Assistance options. The services available to her, from whom, where and on what terms, including in her home country.
 * - `right-to-decline`: Right to decline. That she may decline any service without losing others, and may come back later.
 * - `service-rules`: Rules of a service. The rules of a service, such as shelter house rules, and what could end the service.
 * - `consent-and-data-use`: Consent and data use. What data are kept about her, what is shared with whom and why, her right to see her file, and how to give or withdraw consent.
 * - `legal-proceedings`: Legal proceedings. Criminal and civil proceedings, her possible role in them, and that assistance does not depend on cooperation.
 * - `compensation`: Compensation. How to claim compensation from the offenders or the state.
 * - `residence-options`: Residence options. Residence permits, asylum and other ways to stay.
 * - `return-options`: Return options. Voluntary return: how it works and what help exists in the country of return.
 * - `complaints`: Complaints. How to complain about a service or an authority, and to whom.
 * - `other`: Other. Another topic.
 */
export type InformationTopic =
  | 'rights'
  | 'reflection-period'
  | 'identification-procedure'
  | 'identification-review'
  | 'assistance-options'
  | 'right-to-decline'
  | 'service-rules'
  | 'consent-and-data-use'
  | 'legal-proceedings'
  | 'compensation'
  | 'residence-options'
  | 'return-options'
  | 'complaints'
  | 'other';
/**
 * Whether she confirmed that she understood the information, in her own terms.
 *
 * - `confirmed`: Confirmed. She confirmed she understood, for example by explaining it back.
 * - `partly`: Partly. She understood part of it; it should be explained again.
 * - `not-understood`: Not understood. She said or showed that she did not understand.
 * - `not-asked`: Not asked. No one checked whether she understood.
 */
export type UnderstandingConfirmation = 'confirmed' | 'partly' | 'not-understood' | 'not-asked';
/**
 * Her role in criminal, misdemeanour or civil proceedings. A role is recorded only from the proceedings themselves or from her own statement, never inferred from the assistance she receives.
 *
 * - `witness`: Witness. She is called or heard as a witness.
 * - `injured-party`: Injured party. She is the injured party (victim) in the proceedings, with the procedural rights that status gives, including a claim for compensation.
 * - `particularly-vulnerable-witness`: Particularly vulnerable witness. She has been granted the status of a particularly vulnerable witness: questioning through the court, by video link or in a separate room, with a support person.
 * - `protected-witness`: Protected witness. She is a protected witness: her identity or whereabouts are withheld from the defence or the public under a witness-protection measure.
 * - `subsidiary-prosecutor`: Subsidiary prosecutor. She took over the prosecution as injured party after the public prosecutor dropped it.
 * - `civil-claimant`: Civil claimant. She is the claimant in civil proceedings, for example for compensation or unpaid wages.
 * - `suspect-or-defendant`: Suspect or defendant. She is suspected or accused of an offence, recorded only so that the non-punishment provision can be raised for offences she was compelled to commit. Criminal-offence data, so the code carries the special-criminal tier.
 */
export type JusticeRole =
  | 'witness'
  | 'injured-party'
  | 'particularly-vulnerable-witness'
  | 'protected-witness'
  | 'subsidiary-prosecutor'
  | 'civil-claimant'
  | 'suspect-or-defendant';
/**
 * The kind of legal proceedings.
 *
 * - `criminal`: Criminal. Criminal proceedings, from the pre-investigation stage to final judgment, usually against the traffickers.
 * - `misdemeanour`: Misdemeanour. Misdemeanour (petty offence) proceedings, for example for prostitution or irregular stay: the usual setting for the non-punishment question.
 * - `civil`: Civil. Civil proceedings, for example for compensation, unpaid wages, custody or divorce.
 * - `administrative`: Administrative. Administrative or labour proceedings, such as a labour-inspection case.
 */
export type ProceedingsType = 'criminal' | 'misdemeanour' | 'civil' | 'administrative';
/**
 * Where proceedings stand. Stages follow the common continental sequence; country profiles may refine them.
 *
 * - `reported`: Reported. A report or complaint was filed; no investigation has been opened yet.
 * - `investigation`: Investigation. Pre-trial investigation by police or prosecutor.
 * - `indictment`: Indictment. An indictment or claim has been filed and is being examined by the court.
 * - `trial`: Trial. Main hearing before the court.
 * - `first-instance-judgment`: First-instance judgment. The court of first instance has decided; the decision is not yet final.
 * - `appeal`: Appeal. An appeal or other remedy is pending.
 * - `final`: Final. The decision is final.
 * - `discontinued`: Discontinued. The proceedings were dropped or discontinued.
 * - `unknown`: Unknown. The stage is not known to the recorder.
 */
export type ProceedingsStage =
  | 'reported'
  | 'investigation'
  | 'indictment'
  | 'trial'
  | 'first-instance-judgment'
  | 'appeal'
  | 'final'
  | 'discontinued'
  | 'unknown';
/**
 * Where the non-punishment question stands for an offence she was compelled to commit (Council of Europe Convention Art. 26).
 *
 * - `to-be-raised`: To be raised. The non-punishment provision applies in the view of her adviser but has not yet been raised with the authority.
 * - `raised`: Raised. Raised with the prosecutor or court; not yet decided.
 * - `applied`: Applied. She was not prosecuted or not punished, or proceedings were dropped, because the offence was committed under compulsion.
 * - `not-applied`: Not applied. The authority refused to apply it; a remedy may be open.
 */
export type NonPunishmentOutcome = 'to-be-raised' | 'raised' | 'applied' | 'not-applied';
/**
 * Whether she can read written information in the language it is given in, so that consent forms, rights information and plans are given in a form she understands (read aloud, easy-read, audio or pictures where needed).
 *
 * - `literate`: Reads and writes. Reads and understands written information in her language without help.
 * - `limited`: Limited literacy. Reads with difficulty or only simple text; written information is explained or read aloud with her as well.
 * - `not-literate`: Does not read. Cannot read written information; everything is explained orally, in her language, and what she agrees to is recorded orally or read back to her.
 * - `unknown`: Unknown. Not known or not yet asked; assume written material alone is not enough.
 */
export type Literacy = 'literate' | 'limited' | 'not-literate' | 'unknown';
/**
 * Whether and when the place where a service is provided may be disclosed. A shelter's address never leaves its own system.
 *
 * - `public`: Public. The address is public and is published in the directory (an office, a drop-in centre).
 * - `on-referral`: On accepted referral. The address is not published; the provider tells the person or the referring case worker where to go once it accepts a referral.
 * - `never`: Never. The address is never disclosed through the federation (a secret shelter): the directory entry has no address, and referrals name the service endpoint only.
 */
export type LocationDisclosure = 'public' | 'on-referral' | 'never';
/**
 * How the exploiters kept her under control. Definitions follow IOM HTCDS 2.0 Methods of Control; codes that reveal health or sexual abuse carry their own tier.
 *
 * - `debt-bondage`: Debt bondage. She was made to work off a real or invented debt over which she had no control.
 * - `takes-earnings`: Takes earnings. The exploiters took her pay or earnings.
 * - `restricts-financial-access`: Restricts access to money. Her access to her own money, bank account or cards was restricted or taken.
 * - `threats`: Threats. Threats of harm or loss to her or to others, including her family.
 * - `threat-of-authorities`: Threat of authorities. Threats to report her to the police or immigration authorities.
 * - `psychological-abuse`: Psychological abuse. Humiliation, manipulation, shaming, or exploiting a romantic or family bond.
 * - `physical-abuse`: Physical abuse. Violence that caused or risked injury or pain.
 * - `sexual-abuse`: Sexual abuse. Sexual violence or control of her reproductive life used to control her, apart from any sexual exploitation.
 * - `false-promises`: False promises. Deception about the job, pay, conditions or relationship.
 * - `psychoactive-substances`: Psychoactive substances. Drugs or alcohol given to make her compliant or dependent, or an existing dependence exploited.
 * - `restricts-movement`: Restricts movement. Confinement, being accompanied or watched, or isolation from people who could help.
 * - `restricts-medical-care`: Restricts medical care. Medical care withheld or allowed only under the exploiters' supervision.
 * - `excessive-working-hours`: Excessive working hours. Working hours far beyond what was agreed, leaving no time to seek help.
 * - `uses-children`: Uses her children. Her children were separated from her, held or used to control her.
 * - `withholds-necessities`: Withholds necessities. Food, water, shelter, hygiene or clothing were denied or restricted.
 * - `withholds-documents`: Withholds documents. Her passport, identity or other documents were taken or controlled.
 * - `other`: Other. Another means of control.
 */
export type MeansOfControl =
  | 'debt-bondage'
  | 'takes-earnings'
  | 'restricts-financial-access'
  | 'threats'
  | 'threat-of-authorities'
  | 'psychological-abuse'
  | 'physical-abuse'
  | 'sexual-abuse'
  | 'false-promises'
  | 'psychoactive-substances'
  | 'restricts-movement'
  | 'restricts-medical-care'
  | 'excessive-working-hours'
  | 'uses-children'
  | 'withholds-necessities'
  | 'withholds-documents'
  | 'other';
/**
 * One public signing key as a JSON Web Key (RFC 7517; parameters from RFC 7518 and RFC 8037): an elliptic-curve, RSA or Edwards-curve key. Each shape is closed, so private parameters (d, p, q, dp, dq, qi) and symmetric keys (kty 'oct', k) are rejected.
 */
export type MemberJwk = MemberEcKey | MemberRsaKey | MemberOkpKey;
/**
 * Whether a federation member may currently exchange messages.
 *
 * - `active`: Active. The member may send and receive messages.
 * - `suspended`: Suspended. The member may not send or receive messages for now, for example after a key compromise or a breach of a data-sharing agreement. Messages to it are refused, not queued.
 */
export type MemberStatus = 'active' | 'suspended';
/**
 * How a need relates to the trafficking. Many needs existed before the trafficking or have nothing to do with it, and they count as much as the others.
 *
 * - `trafficking-related`: Trafficking-related. Caused by the trafficking, for example injuries, trauma or debts from the migration.
 * - `pre-existing`: Pre-existing. Existed before the trafficking, such as poverty, violence at home or a chronic illness, and may have made her vulnerable to it.
 * - `unrelated`: Unrelated. Arose apart from the trafficking, for example a new illness or a child starting school.
 */
export type NeedOrigin = 'trafficking-related' | 'pre-existing' | 'unrelated';
/**
 * When a need has to be met, along the phases of assistance.
 *
 * - `immediate`: Immediate (crisis). Now or within days: safety, shelter, urgent medical care, food.
 * - `short-term`: Short term. Within the first weeks to about three months, typically the recovery and reflection period.
 * - `medium-term`: Medium term. From about three months to a year.
 * - `long-term`: Long term. More than a year: education, employment, housing, social inclusion.
 */
export type NeedHorizon = 'immediate' | 'short-term' | 'medium-term' | 'long-term';
/**
 * Whose need it is: hers, or one of her dependants'.
 *
 * - `person`: She herself. The person the record is about.
 * - `dependant`: A dependant. One of her dependants, usually a child; the dependant is named by reference.
 */
export type NeedBeneficiary = 'person' | 'dependant';
/**
 * Whether a need has been met.
 *
 * - `open`: Open. Recorded and being worked on.
 * - `met`: Met. Fully met.
 * - `partly-met`: Partly met. Met in part; the reasons say what stands in the way of the rest.
 * - `unmet`: Unmet. Not met; the reasons say why.
 * - `no-longer-relevant`: No longer relevant. She no longer has the need or no longer wants help with it.
 */
export type NeedStatus = 'open' | 'met' | 'partly-met' | 'unmet' | 'no-longer-relevant';
/**
 * Any document exchanged on its own, told apart by its `kind`.
 */
export type NrxDocument =
  | ConsentRecord
  | DataSharingAgreement
  | Member
  | PeerCaseAnswer
  | PeerCaseQuery
  | PeerCheckpointAnswer
  | PeerCheckpointOffer
  | PeerConsentWithdrawalEnvelope
  | PeerError
  | PeerReceipt
  | PeerReferralEnvelope
  | PeerStatusEnvelope
  | ReferralStatusUpdate
  | Referral
  | Service
  | TrustList;
/**
 * Where a referral stands. Every change is sent back to the referring agency as a referral status update. The codes follow the HL7 FHIR R5 Task statuses, named for the referral workflow; each definition gives the Task status it corresponds to.
 *
 * - `draft`: Draft. Being prepared by the sender; not yet sent (FHIR Task: draft).
 * - `sent`: Sent. Sent to the recipient and awaiting receipt (FHIR Task: requested).
 * - `received`: Received. The recipient's system received it and a person there will decide (FHIR Task: received).
 * - `accepted`: Accepted. The recipient agreed to act (FHIR Task: accepted).
 * - `declined-by-provider`: Declined by the provider. The recipient will not act; the update carries coded reasons (FHIR Task: rejected).
 * - `declined-by-person`: Declined by the person. She decided she does not want this service. Declining costs her nothing and the door stays open (FHIR Task: cancelled, with her as the reason).
 * - `withdrawn`: Withdrawn by the sender. The sender withdrew the referral, for example because the need was met elsewhere (FHIR Task: cancelled).
 * - `on-hold`: On hold. Accepted but paused, for example waiting for a free place or for her to be ready (FHIR Task: on-hold).
 * - `in-progress`: In progress. The service is being provided (FHIR Task: in-progress).
 * - `completed`: Completed. The service was provided and the referral is closed (FHIR Task: completed).
 * - `failed`: Failed. The referral was accepted but the service could not be provided, for example she could not be reached or left (FHIR Task: failed).
 * - `entered-in-error`: Entered in error. The referral should never have existed (wrong person or recipient); it is kept for the audit trail only (FHIR Task: entered-in-error).
 */
export type ReferralStatus =
  | 'draft'
  | 'sent'
  | 'received'
  | 'accepted'
  | 'declined-by-provider'
  | 'declined-by-person'
  | 'withdrawn'
  | 'on-hold'
  | 'in-progress'
  | 'completed'
  | 'failed'
  | 'entered-in-error';
/**
 * Why a provider declined a referral or could not complete it. Coded so that the referrer learns why and the federation can see where services are missing; the reason is about the service, not a judgement of her.
 *
 * - `no-capacity`: No capacity. No free place or staff time now. The update may suggest an alternative or a date.
 * - `not-eligible`: Not eligible. She does not meet the service's published eligibility (for example age, sex or residence), which the update's reason text names.
 * - `outside-area`: Outside service area. She lives or will live outside the area the service covers.
 * - `service-not-offered`: Service not offered. The provider does not provide the requested kind of service.
 * - `needs-exceed-service`: Needs exceed the service. Her needs call for a more specialised service than this one can safely provide (for example acute psychiatric care).
 * - `safety-concern`: Safety concern. Accepting would put her, other residents or staff at risk (for example a trafficker knows the location). Not a refusal of help: the sender should look for a safer option.
 * - `language-not-covered`: Language not covered. The service cannot work in her language and has no interpreter.
 * - `missing-information`: Missing information. The referral lacks information the provider needs to decide; the update says what, and the referral may be sent again.
 * - `consent-missing`: Consent missing. Her consent to this recipient or purpose is not recorded or was withdrawn.
 * - `duplicate`: Duplicate. The same referral was already received.
 * - `person-unreachable`: Person unreachable. The provider could not reach her through the contact channel given.
 * - `already-receiving-service`: Already receiving the service. She already receives this service from the provider or another one.
 * - `referred-elsewhere`: Referred elsewhere. The provider passed the referral to a better-placed provider, named in the update.
 * - `conflict-of-interest`: Conflict of interest. The provider cannot act, for example because it already assists the alleged offender or a family member against her.
 * - `other`: Other. Another reason, explained in the reason text without personal data.
 */
export type ReferralDeclineReason =
  | 'no-capacity'
  | 'not-eligible'
  | 'outside-area'
  | 'service-not-offered'
  | 'needs-exceed-service'
  | 'safety-concern'
  | 'language-not-covered'
  | 'missing-information'
  | 'consent-missing'
  | 'duplicate'
  | 'person-unreachable'
  | 'already-receiving-service'
  | 'referred-elsewhere'
  | 'conflict-of-interest'
  | 'other';
/**
 * How soon the recipient is asked to act on a referral. Urgency is about her safety and needs, not about the sender's workload.
 *
 * - `immediate`: Immediate. Act now: she is in danger or without shelter, food or urgent medical care today. The recipient answers within hours.
 * - `within-24-hours`: Within 24 hours. Act within one day, for example a place in a shelter for the next night or a crisis appointment.
 * - `within-a-week`: Within a week. Act within seven days, for example an assessment, legal counselling or a medical appointment that can wait a few days.
 * - `routine`: Routine. No fixed deadline beyond the referral's own respond-by date: longer-term assistance, education, employment or reintegration support.
 */
export type Urgency = 'immediate' | 'within-24-hours' | 'within-a-week' | 'routine';
/**
 * Sex as recorded with her, for administrative purposes. It is not a gender identity: her gender identity, when she chose to state it, is recorded separately in her own terms.
 *
 * - `female`: Female. Recorded as female.
 * - `male`: Male. Recorded as male.
 * - `other`: Other. Recorded as neither female nor male, for example intersex or non-binary where the law of the recording country allows it.
 * - `unknown`: Unknown or not stated. Not known, or she chose not to state it. Never guessed from appearance or name.
 */
export type Sex = 'female' | 'male' | 'other' | 'unknown';
/**
 * Whether she sees herself as a victim of trafficking, apart from and independently of any formal identification. Many people who are identified do not, and the words used with her should follow her view.
 *
 * - `sees-herself-as-victim`: Sees herself as a victim. She describes what happened as trafficking or exploitation and sees herself as a victim or survivor of it.
 * - `does-not`: Does not see herself as a victim. She does not see herself as a victim of trafficking (for example she sees herself as a migrant worker who was cheated). Her view is respected and does not affect her access to assistance.
 * - `undecided`: Undecided. She is unsure or her view is changing.
 * - `not-asked`: Not asked. She has not been asked, for example because it was not yet appropriate.
 */
export type SelfIdentification = 'sees-herself-as-victim' | 'does-not' | 'undecided' | 'not-asked';
/**
 * How she was sexually exploited. Every code is sex-life data; it is recorded only when the recipient needs it for her assistance or protection.
 *
 * - `prostitution`: Prostitution. Sexual services to clients in a brothel, club, apartment, hotel, on the street or elsewhere.
 * - `pornography`: Pornography. Production of sexual images or recordings.
 * - `remote-interactive-services`: Remote interactive services. Sexual performances online or by phone (webcam, live streaming).
 * - `private-sexual-services`: Private sexual services. Sexual services to one person or a closed group, for example as a supposed partner or wife.
 * - `other`: Other. Another type of sexual exploitation.
 */
export type SexualExploitationType =
  'prostitution' | 'pornography' | 'remote-interactive-services' | 'private-sexual-services' | 'other';
/**
 * Who recruited her, as seen from her side. Recruiters are often from her own community or family; codes that reveal a family or intimate relationship carry the family tier.
 *
 * - `stranger`: Stranger. Someone she did not know before.
 * - `acquaintance`: Acquaintance. Someone she knew slightly, for example from her neighbourhood.
 * - `friend`: Friend. A friend, or a friend of a friend she trusted.
 * - `intimate-partner`: Intimate partner. A boyfriend, husband or partner, including someone who pretended to be one.
 * - `family-member`: Family member. A parent, sibling, relative or in-law.
 * - `community-member`: Member of her community. Someone from her own village, ethnic or migrant community, known there.
 * - `employer`: Employer. A present or former employer, or someone offering a job directly.
 * - `recruitment-agency`: Recruitment or travel agency. A job, model, marriage or travel agency, registered or not.
 * - `online-contact`: Online contact. Someone she met through social media, a dating site or an online advertisement.
 * - `other`: Other. Another relationship.
 */
export type RecruiterRelationship =
  | 'stranger'
  | 'acquaintance'
  | 'friend'
  | 'intimate-partner'
  | 'family-member'
  | 'community-member'
  | 'employer'
  | 'recruitment-agency'
  | 'online-contact'
  | 'other';
/**
 * Why a risk assessment was made. Risk is assessed individually and re-assessed over time, not assumed once.
 *
 * - `initial`: Initial. The first assessment after contact.
 * - `scheduled-review`: Scheduled review. A periodic re-assessment.
 * - `incident`: After an incident. A threat, contact from traffickers or another event.
 * - `before-move`: Before a move. Before she changes accommodation, is relocated or leaves a shelter.
 * - `before-return`: Before return. Before her return to the country of origin or a third country.
 * - `before-proceedings`: Before proceedings. Before she appears in criminal or civil proceedings.
 */
export type RiskAssessmentOccasion =
  'initial' | 'scheduled-review' | 'incident' | 'before-move' | 'before-return' | 'before-proceedings';
/**
 * Who may harm her. Codes that reveal the trafficking or her family relationships carry their own tier.
 *
 * - `traffickers`: Traffickers. The people who trafficked or exploited her.
 * - `trafficker-associates`: Traffickers' associates. People connected to the traffickers, including those who collect debts.
 * - `family`: Family. Members of her family.
 * - `intimate-partner`: Intimate partner. A present or former partner.
 * - `community`: Community. People in her home or local community.
 * - `corrupt-officials`: Corrupt officials. Police or other officials who collude with traffickers or abuse their position.
 * - `clients-or-employers`: Clients or employers. Clients or employers from the time of the exploitation.
 * - `other`: Other. Another source of threat.
 */
export type ThreatSource =
  | 'traffickers'
  | 'trafficker-associates'
  | 'family'
  | 'intimate-partner'
  | 'community'
  | 'corrupt-officials'
  | 'clients-or-employers'
  | 'other';
/**
 * The assessed level of risk to her safety.
 *
 * - `low`: Low. No specific threat known; ordinary precautions suffice.
 * - `medium`: Medium. A threat is possible; safety measures are agreed with her.
 * - `high`: High. A specific, credible threat exists; protective measures are needed.
 * - `critical`: Critical. Harm is imminent; immediate protection is needed.
 */
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
/**
 * A measure taken to protect her or her family.
 *
 * - `safety-plan`: Safety plan. A personal safety plan agreed with her.
 * - `secret-accommodation`: Accommodation at a secret location. She stays at an address that is kept secret.
 * - `relocation`: Relocation. She was moved to a safer place.
 * - `escort`: Escort. She is accompanied on journeys, for example to court or to the border.
 * - `police-protection`: Police protection. Police protection for her.
 * - `witness-protection`: Witness protection. She is in a witness protection programme.
 * - `protection-order`: Protection order. A court or police order keeps a person away from her.
 * - `family-protection`: Protection of family. Measures to protect her family members.
 * - `new-phone-number`: New phone number. She was given a new phone or number.
 * - `emergency-contact`: Emergency contact. She has a number she can call at any hour.
 * - `data-restriction`: Data restriction. Her records are marked so that her data are disclosed to no one outside the case team.
 * - `other`: Other. Another measure.
 */
export type SafetyMeasure =
  | 'safety-plan'
  | 'secret-accommodation'
  | 'relocation'
  | 'escort'
  | 'police-protection'
  | 'witness-protection'
  | 'protection-order'
  | 'family-protection'
  | 'new-phone-number'
  | 'emergency-contact'
  | 'data-restriction'
  | 'other';
/**
 * A restriction of her freedom imposed for her safety. Each must be justified by an individual risk assessment and reviewed; restrictions that go beyond what the risk requires are a reason victims decline assistance.
 *
 * - `closed-accommodation`: Closed accommodation. She may not leave the accommodation on her own.
 * - `accompanied-outings`: Accompanied outings. She may go out only accompanied by staff.
 * - `curfew`: Curfew. She must be back by a set time.
 * - `no-personal-phone`: No personal phone. She may not keep or use her own phone.
 * - `supervised-calls`: Supervised calls. Her calls are made or listened to under staff supervision.
 * - `restricted-family-contact`: Restricted family contact. Her contact with her family is restricted.
 * - `restricted-visits`: Restricted visits. She may not receive visitors, or only approved ones.
 * - `no-disclosure-of-location`: No disclosure of location. She may not tell anyone where she stays.
 * - `travel-restriction`: Travel restriction. She may not travel outside an area.
 * - `other`: Other. Another restriction.
 */
export type SafetyRestriction =
  | 'closed-accommodation'
  | 'accompanied-outings'
  | 'curfew'
  | 'no-personal-phone'
  | 'supervised-calls'
  | 'restricted-family-contact'
  | 'restricted-visits'
  | 'no-disclosure-of-location'
  | 'travel-restriction'
  | 'other';
/**
 * Her residence and immigration status in the country that holds the record. Each code is migration-status data: irregular stay in particular is dangerous in the hands of immigration enforcement.
 *
 * - `irregular`: Irregular stay. She has no right to stay: entered irregularly, overstayed or lost her permit. Removal may be suspended while identification runs.
 * - `reflection-period`: Recovery and reflection period. She is in a recovery and reflection period as a presumed victim: no removal order may be enforced and she is entitled to assistance. Its length is set by national law (at least 30 days under the Council of Europe Convention).
 * - `temporary-permit`: Temporary residence permit. She holds a temporary residence permit as a victim of trafficking, on the ground of her personal situation or of her cooperation in proceedings.
 * - `permanent`: Permanent residence. She holds a permanent or long-term residence permit.
 * - `asylum-seeker`: Asylum seeker. She has applied for international protection and the application is not finally decided.
 * - `refugee`: Refugee. She is recognised as a refugee.
 * - `subsidiary-protection`: Subsidiary protection. She holds subsidiary or humanitarian protection.
 * - `regular`: Regular stay on another ground. She stays lawfully on a ground not related to trafficking or protection: visa-free stay, visa, work, study or family permit.
 * - `citizen`: Citizen. She is a citizen of the country that holds the record; no residence permit is needed.
 * - `unknown`: Unknown. Not known or not yet established. Never assumed to be irregular.
 */
export type ResidenceStatusCode =
  | 'irregular'
  | 'reflection-period'
  | 'temporary-permit'
  | 'permanent'
  | 'asylum-seeker'
  | 'refugee'
  | 'subsidiary-protection'
  | 'regular'
  | 'citizen'
  | 'unknown';
/**
 * The ground on which a temporary residence permit for a victim of trafficking was granted (Council of Europe Convention Art. 14(1)).
 *
 * - `personal-situation`: Personal situation. Granted because her stay is necessary owing to her personal situation: her protection, recovery and safety (Art. 14(1)(a)). It does not depend on any cooperation with the authorities.
 * - `cooperation`: Cooperation in proceedings. Granted because the authorities consider her stay necessary for her cooperation in an investigation or criminal proceedings (Art. 14(1)(b)). The code reveals that she cooperates, so it carries the justice-role tier as well.
 * - `both`: Personal situation and cooperation. Granted on both grounds. Reveals that she cooperates, so it carries the justice-role tier as well.
 * - `other`: Other ground. Granted on another ground, for example humanitarian reasons or family reunification.
 */
export type PermitGround = 'personal-situation' | 'cooperation' | 'both' | 'other';
/**
 * Why removal (return, expulsion, deportation) is suspended. The fact of suspension is migration-status data; some reasons reveal more and carry their own tier.
 *
 * - `identification-in-progress`: Identification in progress. Removal is suspended while her identification as a victim of trafficking runs (Convention Art. 10(2)). Reveals that she may be a victim of trafficking, so the code carries the trafficking-status tier; an immigration office normally learns only that removal is suspended.
 * - `reflection-period`: Reflection period. Removal is suspended because she is in a recovery and reflection period. Reveals that she is a presumed victim, so the code carries the trafficking-status tier.
 * - `pending-application`: Pending application. Removal is suspended while an application about her stay is decided.
 * - `court-order`: Court order. A court or the competent authority ordered that removal be suspended.
 * - `non-refoulement`: Non-refoulement. Removal would expose her to a risk of serious harm and is prohibited.
 * - `other`: Other reason. Another legal reason for suspension.
 */
export type RemovalSuspensionReason =
  | 'identification-in-progress'
  | 'reflection-period'
  | 'pending-application'
  | 'court-order'
  | 'non-refoulement'
  | 'other';
/**
 * A kind of application concerning her stay that has been made and is not yet decided.
 *
 * - `reflection-period`: Reflection period. A request for a recovery and reflection period.
 * - `reflection-period-extension`: Reflection period extension. A request to extend a recovery and reflection period.
 * - `temporary-permit`: Temporary permit. An application for a temporary residence permit as a victim of trafficking.
 * - `permit-extension`: Permit extension. An application to extend or renew a temporary residence permit.
 * - `permanent-residence`: Permanent residence. An application for permanent or long-term residence.
 * - `international-protection`: International protection. An application for asylum or subsidiary protection.
 * - `other`: Other application. Another application about her stay, for example a work or family permit.
 */
export type ResidenceApplication =
  | 'reflection-period'
  | 'reflection-period-extension'
  | 'temporary-permit'
  | 'permit-extension'
  | 'permanent-residence'
  | 'international-protection'
  | 'other';
/**
 * What she wants: to return to her country of origin, to stay, or to go to a third country. Only her own wish, never the agency's recommendation.
 *
 * - `return`: Return. She wishes to return to her country of origin or habitual residence.
 * - `stay`: Stay. She wishes to stay in the country where she is now.
 * - `third-country`: Third country. She wishes to go to a third country, for example to join family.
 * - `undecided`: Undecided. She has not decided.
 * - `not-asked`: Not asked. She has not been asked yet.
 */
export type ReturnWish = 'return' | 'stay' | 'third-country' | 'undecided' | 'not-asked';
/**
 * Where a voluntary return stands, from preparation to the end of follow-up.
 *
 * - `not-started`: Not started. No return is being prepared.
 * - `preparing`: Preparing. The return is being prepared: risk assessment, documents, contact with the receiving provider.
 * - `in-progress`: In progress. Travel is booked or under way.
 * - `returned`: Returned. She has arrived and been received by the provider in the country of return.
 * - `reintegration`: Reintegration. She receives reintegration assistance in the country of return.
 * - `closed`: Closed. Return and follow-up are complete. A closed return can be reopened.
 * - `cancelled`: Cancelled. The return was called off, for example because she changed her mind or the risk assessment advised against it.
 */
export type ReturnStage =
  'not-started' | 'preparing' | 'in-progress' | 'returned' | 'reintegration' | 'closed' | 'cancelled';
/**
 * Whether a service is currently provided. The codes are those of Open Referral HSDS 3 service.status, in kebab-case.
 *
 * - `active`: Active. The service is provided and accepts referrals (HSDS: active).
 * - `inactive`: Inactive. The service is not provided at the moment and does not accept referrals (HSDS: inactive).
 * - `defunct`: Defunct. The service has ended for good (HSDS: defunct).
 * - `temporarily-closed`: Temporarily closed. The service is closed for a known period, for example for renovation (HSDS: temporarily closed).
 */
export type ServiceStatus = 'active' | 'inactive' | 'defunct' | 'temporarily-closed';

/**
 * Every type of the standard by name, for look-ups such as `NrxTypes["Referral"]`. Not a document.
 */
export type NrxTypes = {
  Actor: Actor;
  Address: Address;
  AgencyType: AgencyType;
  AssistanceDeclineReason: AssistanceDeclineReason;
  AssistanceOffer: AssistanceOffer;
  AssistancePlan: AssistancePlan;
  AssistanceStage: AssistanceStage;
  ChildView: ChildView;
  CompensationRoute: CompensationRoute;
  ConsentDecision: ConsentDecision;
  ConsentGrantor: ConsentGrantor;
  ConsentMethod: ConsentMethod;
  ConsentRecord: ConsentRecord;
  ConsentRecordActorMatch: ConsentRecordActorMatch;
  ConsentRecordProvision: ConsentRecordProvision;
  ConsentState: ConsentState;
  Cooperation: Cooperation;
  CooperationStatus: CooperationStatus;
  Country: Country;
  CountryCode: Country;
  DataSharingAgreement: DataSharingAgreement;
  DataSharingAgreementClause: DataSharingAgreementClause;
  DataSharingAgreementTransformRule: DataSharingAgreementTransformRule;
  DateTime: DateTime;
  Dependant: Dependant;
  DependantRelation: DependantRelation;
  DependantWhereabouts: DependantWhereabouts;
  DocumentType: DocumentType;
  EconomicSector: EconomicSector;
  EscortType: EscortType;
  ExitMode: ExitMode;
  ExploitationForm: ExploitationForm;
  FamilyAwareness: FamilyAwareness;
  FieldGroup: FieldGroup;
  ForcedCriminalityActivity: ForcedCriminalityActivity;
  GoalStatus: GoalStatus;
  GuardianType: GuardianType;
  Identification: Identification;
  IdentificationDecision: IdentificationDecision;
  IdentificationIssuerType: IdentificationIssuerType;
  IdentificationStage: IdentificationStage;
  IdentificationStatus: IdentificationStatus;
  IndicatorSet: IndicatorSet;
  InformationFormat: InformationFormat;
  InformationGiven: InformationGiven;
  InformationTopic: InformationTopic;
  JusticeRole: JusticeRole;
  JusticeStatus: JusticeStatus;
  LanguageTag: LanguageTag;
  LegalBasis: LegalBasis;
  Literacy: Literacy;
  LocationDisclosure: LocationDisclosure;
  MeansOfControl: MeansOfControl;
  Member: Member;
  MemberClass: MemberClass;
  MemberEcKey: MemberEcKey;
  MemberId: MemberId;
  MemberJwk: MemberJwk;
  MemberOkpKey: MemberOkpKey;
  MemberRsaKey: MemberRsaKey;
  MemberStatus: MemberStatus;
  Need: Need;
  NeedBeneficiary: NeedBeneficiary;
  NeedHorizon: NeedHorizon;
  NeedOrigin: NeedOrigin;
  NeedStatus: NeedStatus;
  NonPunishmentOutcome: NonPunishmentOutcome;
  NrxDate: NrxDate;
  NrxDocument: NrxDocument;
  OfferCondition: OfferCondition;
  OfferDecision: OfferDecision;
  OwnWords: OwnWords;
  PeerBatchAnswer: PeerBatchAnswer;
  PeerBatchAnswerAccepted: PeerBatchAnswerAccepted;
  PeerBatchRequest: PeerBatchRequest;
  PeerCaseAnswer: PeerCaseAnswer;
  PeerCaseQuery: PeerCaseQuery;
  PeerCheckpoint: PeerCheckpoint;
  PeerCheckpointAnswer: PeerCheckpointAnswer;
  PeerCheckpointOffer: PeerCheckpointOffer;
  PeerConsentWithdrawalEnvelope: PeerConsentWithdrawalEnvelope;
  PeerDirectoryAnswer: PeerDirectoryAnswer;
  PeerDirectorySearch: PeerDirectorySearch;
  PeerError: PeerError;
  PeerReceipt: PeerReceipt;
  PeerReferralEnvelope: PeerReferralEnvelope;
  PeerStatusEnvelope: PeerStatusEnvelope;
  Period: Period;
  PermitGround: PermitGround;
  Person: Person;
  PersonOrGuardian: PersonOrGuardian;
  PlanParticipation: PlanParticipation;
  PlanStatus: PlanStatus;
  PlanType: PlanType;
  ProceedingsStage: ProceedingsStage;
  ProceedingsType: ProceedingsType;
  ProviderEndingReason: ProviderEndingReason;
  ProvisionalReason: ProvisionalReason;
  Purpose: Purpose;
  RecruiterRelationship: RecruiterRelationship;
  Referral: Referral;
  ReferralDeclineReason: ReferralDeclineReason;
  ReferralStatus: ReferralStatus;
  ReferralStatusUpdate: ReferralStatusUpdate;
  RemovalSuspensionReason: RemovalSuspensionReason;
  ResidenceApplication: ResidenceApplication;
  ResidenceStatus: ResidenceStatus;
  ResidenceStatusCode: ResidenceStatusCode;
  ReturnPlan: ReturnPlan;
  ReturnStage: ReturnStage;
  ReturnWish: ReturnWish;
  ReviewOutcome: ReviewOutcome;
  ReviewRequester: ReviewRequester;
  RiskAssessment: RiskAssessment;
  RiskAssessmentOccasion: RiskAssessmentOccasion;
  RiskLevel: RiskLevel;
  SafetyMeasure: SafetyMeasure;
  SafetyRestriction: SafetyRestriction;
  SelfIdentification: SelfIdentification;
  Service: Service;
  ServiceCategory: ServiceCategory;
  ServiceGapReason: ServiceGapReason;
  ServiceStatus: ServiceStatus;
  Sex: Sex;
  SexualExploitationType: SexualExploitationType;
  SpecVersion: SpecVersion;
  SubjectRef: SubjectRef;
  ThreatSource: ThreatSource;
  TraffickingEpisode: TraffickingEpisode;
  TrustList: TrustList;
  UnderstandingConfirmation: UnderstandingConfirmation;
  Urgency: Urgency;
  UserRef: UserRef;
  Uuid: Uuid;
};
/**
 * Who recorded or decided something: the member agency and, optionally, the staff member's pseudonym and role.
 */
export type Actor = {
  /**
   * The member agency.
   *
   * Sensitivity: operational.
   */
  member: MemberId;
  /**
   * The staff member's pseudonym within that agency.
   *
   * Sensitivity: operational.
   */
  user?: UserRef;
  /**
   * The staff member's role, e.g. case worker, counsellor, investigating officer.
   *
   * Sensitivity: operational.
   */
  role?: string;
};
/**
 * A postal address or place. Properties that hold an address declare the generalised forms (region, country only) in which it may be released.
 */
export type Address = {
  /**
   * Street, number and any further lines.
   *
   * Sensitivity: location.
   */
  line?: string;
  /**
   * City, town or village.
   *
   * Sensitivity: location.
   */
  locality?: string;
  /**
   * Postal code.
   *
   * Sensitivity: location.
   */
  postalCode?: string;
  /**
   * First-level administrative unit (region, district, oblast).
   *
   * Sensitivity: location.
   */
  region?: string;
  /**
   * Country of the address.
   *
   * Sensitivity: location.
   */
  country: Country;
};
/**
 * One offer of one service at one stage of her path, and her decision on it: offered, accepted, partially accepted, declined, postponed, withdrawn by her, ended by the provider, not offered, or not eligible. The decision is hers or her guardian's, never the agency's on her behalf; the agency only records it. Declining costs her nothing and the door stays open, so a declined service may be offered again at a later stage as a new offer. Conditions attached to the offer are recorded so that assistance made conditional on cooperation with the authorities can be detected. Later providers read these records to know what she was already offered and told.
 */
export type AssistanceOffer = {
  /**
   * The offer's identifier.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * The needs (by id) the service is meant to meet.
   *
   * Sensitivity: operational.
   *
   * @maxItems 20
   */
  needRefs?: Uuid[];
  /**
   * What kind of service was offered, from the shared need and service taxonomy.
   *
   * Sensitivity: operational.
   */
  serviceCategory: ServiceCategory;
  /**
   * The member that provides the service.
   *
   * Sensitivity: operational.
   */
  provider?: MemberId;
  /**
   * The identifier of the provider's service in the service directory. Never the address of a shelter.
   *
   * Sensitivity: operational.
   */
  providerService?: string;
  /**
   * The stage of her path at which the offer was made. One offer is recorded per service and stage.
   *
   * Sensitivity: operational.
   */
  stage: AssistanceStage;
  /**
   * When the offer was made. Absent when the service was not offered.
   *
   * Sensitivity: operational.
   */
  offeredOn?: NrxDate;
  /**
   * Who made the offer.
   *
   * Sensitivity: operational.
   */
  offeredBy?: Actor;
  /**
   * How the offer was explained to her, so that a decision made without understanding can be recognised and the offer explained again.
   *
   * Sensitivity: operational.
   */
  explanation?: {
    /**
     * The language in which the offer was explained.
     *
     * Sensitivity: operational.
     */
    language?: LanguageTag;
    /**
     * True when an interpreter took part.
     *
     * Sensitivity: operational.
     */
    interpreterUsed?: boolean;
    /**
     * The information-given records (by id) of what she was told with the offer, for example about the service's rules and her right to decline.
     *
     * Sensitivity: operational.
     *
     * @maxItems 20
     */
    informationGivenRefs?: Uuid[];
  };
  /**
   * Conditions attached to the offer, such as cooperating with the police, staying in a shelter or ending contact with family. An empty list records that the offer was unconditional; an absent list means no one recorded it. Assistance must never depend on cooperation with the authorities: a 'cooperation-with-authorities' or 'testimony' condition is reported to the coordinating body.
   *
   * Sensitivity: operational.
   *
   * @maxItems 11
   */
  conditions?: OfferCondition[];
  /**
   * Where the offer stands: her decision on it, or why it ended or was never made.
   *
   * Sensitivity: operational.
   */
  decision: OfferDecision;
  /**
   * When the decision was made or the offer ended.
   *
   * Sensitivity: operational.
   */
  decidedOn?: NrxDate;
  /**
   * Who made her decision: she herself or her legal guardian. An agency never decides on her behalf; the agency that wrote the decision down is the recorder.
   *
   * Sensitivity: operational.
   */
  decidedBy?: PersonOrGuardian;
  /**
   * Who recorded the decision.
   *
   * Sensitivity: operational.
   */
  recordedBy?: Actor;
  /**
   * When a guardian decided for a child, the child's own view, in the child's words.
   *
   * Sensitivity: narrative.
   */
  childView?: OwnWords;
  /**
   * The reasons she gave for declining, postponing, accepting only in part or leaving the service. She need not give any ('no-reason-given').
   *
   * Sensitivity: operational.
   *
   * @maxItems 31
   */
  declineReasons?: AssistanceDeclineReason[];
  /**
   * Her decision and reasons in her own words.
   *
   * Sensitivity: narrative.
   */
  ownWords?: OwnWords;
  /**
   * Why the service was not offered or she was not eligible.
   *
   * Sensitivity: operational.
   *
   * @maxItems 12
   */
  notOfferedReasons?: ServiceGapReason[];
  /**
   * The rule of the service that made her not eligible, as the provider words it.
   *
   * Sensitivity: operational.
   */
  eligibilityRule?: string;
  /**
   * How and why the provider ended the service, and whether the rule it applied had been explained to her beforehand.
   *
   * Sensitivity: operational.
   */
  endedByProvider?: {
    /**
     * Why the provider ended the service.
     *
     * Sensitivity: operational.
     */
    reason: ProviderEndingReason;
    /**
     * The rule the provider applied, as written in its rules. Free text, because a rule applied to her can reveal what she did.
     *
     * Sensitivity: narrative.
     */
    rule?: string;
    /**
     * True when the rule, and that breaking it could end the service, had been explained to her before the breach.
     *
     * Sensitivity: operational.
     */
    ruleDisclosedBeforehand: boolean;
    /**
     * When the rule was explained to her.
     *
     * Sensitivity: operational.
     */
    ruleDisclosedOn?: NrxDate;
    /**
     * Who at the provider ended the service.
     *
     * Sensitivity: operational.
     */
    endedBy?: Actor;
  };
  /**
   * True when she may come back to this service, or have it offered again, at any time. Declining must not close the door; false is recorded only when the service itself no longer exists for her, and is a signal for review.
   *
   * Sensitivity: operational.
   */
  doorStaysOpen?: boolean;
  /**
   * When the service will be offered to her again, if she agreed to be asked again.
   *
   * Sensitivity: operational.
   */
  reofferOn?: NrxDate;
  /**
   * The recorder's note on the offer, for example which parts of a partially accepted offer she took.
   *
   * Sensitivity: narrative.
   */
  note?: string;
};
/**
 * Something she said, kept in her own words and language, never paraphrased into a code.
 */
export type OwnWords = {
  /**
   * Her words as she said them or as they were written down with her.
   *
   * Sensitivity: narrative.
   */
  text: string;
  /**
   * The language the words are in.
   *
   * Sensitivity: operational.
   */
  language?: LanguageTag;
};
/**
 * Her assistance (care) plan: an immediate plan for the first days, an individual care plan drawn up with her and the partner agencies (in Serbia within two weeks of the immediate plan), or a reintegration plan. It holds the goals, the needs each goal answers and the services that will meet it, the case worker responsible, the review schedule, and how far she took part and agreed. She is best placed to judge her own well-being: a plan made about her without her is recorded as such.
 */
export type AssistancePlan = {
  /**
   * The plan's identifier.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * Immediate assistance plan, individual care plan or reintegration plan.
   *
   * Sensitivity: operational.
   */
  type: PlanType;
  /**
   * Whether the plan is a draft, in force, superseded, completed or discontinued.
   *
   * Sensitivity: operational.
   */
  status: PlanStatus;
  /**
   * The plan this one follows or replaces, for example the immediate plan an individual care plan builds on.
   *
   * Sensitivity: operational.
   */
  previousPlanRef?: Uuid;
  /**
   * The date by which the plan had to be drawn up under the applicable procedures, so that delays are visible.
   *
   * Sensitivity: operational.
   */
  dueBy?: NrxDate;
  /**
   * When the plan was drawn up.
   *
   * Sensitivity: operational.
   */
  drawnUpOn?: NrxDate;
  /**
   * Who drew up the plan.
   *
   * Sensitivity: operational.
   */
  drawnUpBy?: Actor;
  /**
   * The case manager responsible for the plan, who keeps her informed and coordinates the partners.
   *
   * Sensitivity: operational.
   */
  responsibleCaseWorker?: Actor;
  /**
   * The partner agencies that took part in drawing up the plan or deliver services under it.
   *
   * Sensitivity: operational.
   *
   * @maxItems 30
   */
  partners?: MemberId[];
  /**
   * How far she (or, for a child, her guardian) took part in the plan and whether she agreed to it.
   *
   * Sensitivity: operational.
   */
  participation?: {
    /**
     * Drawn up with her, consulted, informed only, or not involved.
     *
     * Sensitivity: operational.
     */
    mode: PlanParticipation;
    /**
     * True when she agreed to the plan.
     *
     * Sensitivity: operational.
     */
    agreed?: boolean;
    /**
     * When she agreed to the plan.
     *
     * Sensitivity: operational.
     */
    agreedOn?: NrxDate;
    /**
     * Who agreed: she herself or her guardian.
     *
     * Sensitivity: operational.
     */
    agreedBy?: PersonOrGuardian;
    /**
     * When a guardian agreed for a child, the child's own view of the plan.
     *
     * Sensitivity: narrative.
     */
    childView?: OwnWords;
    /**
     * What she said about the plan, including anything she disagrees with.
     *
     * Sensitivity: narrative.
     */
    ownWords?: OwnWords;
  };
  /**
   * The goals of the plan, each linked to the needs it answers and the services that will meet it.
   *
   * Sensitivity: operational.
   *
   * @maxItems 50
   */
  goals?: {
    /**
     * The goal's identifier within the plan.
     *
     * Sensitivity: operational.
     */
    id: string;
    /**
     * The goal as agreed, for example 'Her son attends school from September'.
     *
     * Sensitivity: narrative.
     */
    statement: string;
    /**
     * The needs (by id) the goal answers.
     *
     * Sensitivity: operational.
     *
     * @maxItems 20
     */
    needRefs?: Uuid[];
    /**
     * The services that will meet the goal.
     *
     * Sensitivity: operational.
     *
     * @maxItems 20
     */
    services?: {
      /**
       * The kind of service.
       *
       * Sensitivity: operational.
       */
      serviceCategory: ServiceCategory;
      /**
       * The member that provides it.
       *
       * Sensitivity: operational.
       */
      provider?: MemberId;
      /**
       * The provider's service identifier in the service directory.
       *
       * Sensitivity: operational.
       */
      providerService?: string;
      /**
       * The assistance offer (by id) through which the service was offered to her, and which holds her decision.
       *
       * Sensitivity: operational.
       */
      offerRef?: Uuid;
    }[];
    /**
     * When the goal should be reached.
     *
     * Sensitivity: operational.
     */
    targetDate?: NrxDate;
    /**
     * Progress on the goal.
     *
     * Sensitivity: operational.
     */
    status?: GoalStatus;
    /**
     * The goal as she put it, in her own words.
     *
     * Sensitivity: narrative.
     */
    ownWords?: OwnWords;
  }[];
  /**
   * When the plan is reviewed with her and the case manager.
   *
   * Sensitivity: operational.
   */
  reviewSchedule?: {
    /**
     * The agreed number of days between reviews.
     *
     * Sensitivity: operational.
     */
    intervalDays?: number;
    /**
     * The date of the next review.
     *
     * Sensitivity: operational.
     */
    nextReviewOn?: NrxDate;
  };
  /**
   * The reviews held so far, oldest first.
   *
   * Sensitivity: operational.
   *
   * @maxItems 100
   */
  reviews?: {
    /**
     * When the review took place.
     *
     * Sensitivity: operational.
     */
    reviewedOn: NrxDate;
    /**
     * Who led the review.
     *
     * Sensitivity: operational.
     */
    reviewedBy?: Actor;
    /**
     * How far she took part in the review.
     *
     * Sensitivity: operational.
     */
    participation?: PlanParticipation;
    /**
     * What the review found and changed.
     *
     * Sensitivity: narrative.
     */
    summary?: string;
  }[];
};
/**
 * One consent she gave (or her guardian gave for her, with the child's own view recorded separately), modelled on HL7 FHIR R5 Consent: a base decision to permit or deny, refined by provisions that name who may receive (actor), for what (purpose), which data (field groups or paths) and when (period), each with nested exceptions. A consent is dated, may be provisional when given in shock at first contact, can be withdrawn at any time and re-granted by a new record that supersedes the old one. The record itself holds no personal data beyond the pseudonymous subject and the child's words.
 */
export type ConsentRecord = {
  /**
   * The document kind; always 'consent-record'.
   *
   * Sensitivity: operational.
   */
  kind: 'consent-record';
  /**
   * The version of the standard this record follows.
   *
   * Sensitivity: operational.
   */
  specVersion: SpecVersion;
  /**
   * The consent record's identifier, cited by referrals in consentRefs.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * The pseudonymous reference of the person the consent is about (FHIR Consent.subject).
   *
   * Sensitivity: operational.
   */
  subject: SubjectRef;
  /**
   * The base decision: permit means everything the provisions do not deny is allowed within the record's scope; deny means nothing is allowed except what the provisions permit (FHIR Consent.decision). Default deny is the usual choice.
   *
   * Sensitivity: operational.
   */
  decision: ConsentDecision;
  /**
   * Whether the record is in force (FHIR Consent.state).
   *
   * Sensitivity: operational.
   */
  state: ConsentState;
  /**
   * Present when the consent is provisional: given in circumstances where she could not yet decide freely and with full understanding, such as in shock at first contact. It covers the immediate help and must be confirmed by the confirm-by date or it expires.
   *
   * Sensitivity: operational.
   */
  provisional?: {
    /**
     * Why the consent is provisional.
     *
     * Sensitivity: operational.
     */
    reason: ProvisionalReason;
    /**
     * The date by which she is to be asked again; unconfirmed, the consent expires then.
     *
     * Sensitivity: operational.
     */
    confirmBy: NrxDate;
    /**
     * The later consent record in which she confirmed or changed it, once she has.
     *
     * Sensitivity: operational.
     */
    confirmedBy?: Uuid;
  };
  /**
   * Who gave the consent (FHIR Consent.grantor): she herself, or her guardian or legal representative.
   *
   * Sensitivity: operational.
   */
  grantor: {
    /**
     * Herself, a guardian or a legal representative.
     *
     * Sensitivity: operational.
     */
    type: ConsentGrantor;
    /**
     * The guardian or representative when it is a member agency or its staff, for example the centre for social work that is the child's guardian.
     *
     * Sensitivity: operational.
     */
    actor?: Actor;
    /**
     * The guardian's or representative's relationship to her when it is not an agency, for example 'mother' or 'court-appointed representative'.
     *
     * Sensitivity: family.
     */
    relationship?: string;
  };
  /**
   * For a child, her own view of the consent her guardian or representative gave, recorded separately and in her own words.
   *
   * Sensitivity: operational.
   */
  childView?: {
    /**
     * Whether the child agrees.
     *
     * Sensitivity: operational.
     */
    view: ChildView;
    /**
     * What the child said, in her own words.
     *
     * Sensitivity: narrative.
     */
    inHerWords?: OwnWords;
    /**
     * When her view was asked for.
     *
     * Sensitivity: operational.
     */
    recordedOn?: NrxDate;
    /**
     * Who asked for and recorded her view.
     *
     * Sensitivity: operational.
     */
    recordedBy?: Actor;
  };
  /**
   * When the consent was given (FHIR Consent.date).
   *
   * Sensitivity: operational.
   */
  given: DateTime;
  /**
   * How it was given: written, oral or recorded.
   *
   * Sensitivity: operational.
   */
  method: ConsentMethod;
  /**
   * The language the consent was explained and given in.
   *
   * Sensitivity: operational.
   */
  language?: LanguageTag;
  /**
   * True when an interpreter took part.
   *
   * Sensitivity: operational.
   */
  interpreterUsed?: boolean;
  /**
   * The records of the information she was given before consenting (what is shared, with whom, why, and her rights to see her file and to withdraw).
   *
   * Sensitivity: operational.
   *
   * @maxItems 20
   */
  informationGiven?: Uuid[];
  /**
   * True when she received a copy or record of the consent in a form she understands.
   *
   * Sensitivity: operational.
   */
  copyGiven?: boolean;
  /**
   * The member and case worker who took and recorded the consent (FHIR Consent.controller).
   *
   * Sensitivity: operational.
   */
  recordedBy: Actor;
  /**
   * When the consent is in force (FHIR Consent.period); an open end means until withdrawn.
   *
   * Sensitivity: operational.
   */
  period?: Period;
  /**
   * The rules that refine the base decision (FHIR Consent.provision). Each applies when all of its conditions (actor, purpose, data, period) match.
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 50
   */
  provisions?: [ConsentRecordProvision, ...ConsentRecordProvision[]];
  /**
   * The withdrawal of the consent, when it was withdrawn. Withdrawing costs her nothing and she may consent again later.
   *
   * Sensitivity: operational.
   */
  withdrawal?: {
    /**
     * When it was withdrawn.
     *
     * Sensitivity: operational.
     */
    at: DateTime;
    /**
     * Who withdrew it: she herself, or her guardian or representative.
     *
     * Sensitivity: operational.
     */
    by: ConsentGrantor;
    /**
     * How it was withdrawn.
     *
     * Sensitivity: operational.
     */
    method?: ConsentMethod;
    /**
     * Who recorded the withdrawal.
     *
     * Sensitivity: operational.
     */
    recordedBy?: Actor;
  };
  /**
   * The earlier consent record this one replaces; the earlier one's state becomes superseded.
   *
   * Sensitivity: operational.
   */
  supersedes?: Uuid;
};
/**
 * A span of time; an open end means it still runs.
 */
export type Period = {
  /**
   * First day of the period.
   *
   * Sensitivity: operational.
   */
  start: NrxDate;
  /**
   * Last day of the period, when known.
   *
   * Sensitivity: operational.
   */
  end?: NrxDate;
};
/**
 * One rule of a consent (FHIR Consent.provision): permit or deny the listed data to the listed actors for the listed purposes during the period. An absent condition does not restrict. Nested provisions are exceptions to this one and usually have the opposite type.
 */
export type ConsentRecordProvision = {
  /**
   * Whether the provision permits or denies (FHIR provision.type; R5 carries it at the top level only, NRX on each provision so that nested exceptions are explicit).
   *
   * Sensitivity: operational.
   */
  type: ConsentDecision;
  /**
   * Who the provision applies to (FHIR provision.actor): a recipient matches when it matches any entry.
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 50
   */
  actors?: [ConsentRecordActorMatch, ...ConsentRecordActorMatch[]];
  /**
   * The purposes of processing the provision applies to (FHIR provision.purpose).
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 10
   */
  purposes?: [Purpose, ...Purpose[]];
  /**
   * The groups of fields the provision applies to (FHIR provision.data, by class).
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 30
   */
  fieldGroups?: [FieldGroup, ...FieldGroup[]];
  /**
   * Individual fields the provision applies to, as JSON Pointers into the referral document (for example '/sections/person/dateOfBirth'); array indices are left out to mean every item. The fields are those named by the field groups and by the paths together.
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 100
   */
  paths?: [string, ...string[]];
  /**
   * When the provision applies (FHIR provision.period).
   *
   * Sensitivity: operational.
   */
  period?: Period;
  /**
   * Exceptions to this provision (FHIR provision.provision), applied within its scope.
   *
   * Sensitivity: operational.
   *
   * @maxItems 20
   */
  provisions?: ConsentRecordProvision[];
};
/**
 * A description of recipients: a single member, or every member of a class, country or agency type. A recipient matches when it satisfies every property given; for example country RS and agency type shelter means every Serbian shelter.
 */
export type ConsentRecordActorMatch = {
  /**
   * One member.
   *
   * Sensitivity: operational.
   */
  member?: MemberId;
  /**
   * Every member of this class.
   *
   * Sensitivity: operational.
   */
  memberClass?: MemberClass;
  /**
   * Every member in this country.
   *
   * Sensitivity: operational.
   */
  country?: Country;
  /**
   * Every member of this agency type.
   *
   * Sensitivity: operational.
   */
  agencyType?: AgencyType;
};
/**
 * Whether she cooperates with the police, prosecutor or courts, as she herself stated it to her counsellor. The schema admits no other source: the statement is always hers and is always recorded through a named counsellor, so a status inferred from assistance, from a police request or from an agency's view cannot be expressed. Assistance never depends on this status and never reveals it.
 */
export type CooperationStatus = {
  /**
   * What she said about cooperating with the authorities.
   *
   * Sensitivity: justice-role.
   */
  status: Cooperation;
  /**
   * Who made the statement: always 'person', herself. No agency states her cooperation for her.
   *
   * Sensitivity: justice-role.
   */
  statedBy: 'person';
  /**
   * Where the status comes from: always her own statement, never an inference.
   *
   * Sensitivity: justice-role.
   */
  source: 'her-own-statement';
  /**
   * The date she made the statement.
   *
   * Sensitivity: justice-role.
   */
  statedOn: NrxDate;
  /**
   * Her counsellor, through whom alone the status is written.
   *
   * Sensitivity: justice-role.
   */
  recordedThrough: {
    /**
     * The counsellor's agency.
     *
     * Sensitivity: operational.
     */
    member: MemberId;
    /**
     * The counsellor's pseudonym within that agency.
     *
     * Sensitivity: operational.
     */
    user: UserRef;
    /**
     * Always 'counsellor': the person who assists and advises her, never an investigator.
     *
     * Sensitivity: operational.
     */
    role: 'counsellor';
  };
  /**
   * What she said about cooperating, in her own words, when she wants it kept.
   *
   * Sensitivity: narrative.
   */
  inHerWords?: OwnWords;
  /**
   * Her earlier statements, newest first, so that a change of mind (declining, then reporting after threats) is visible and the latest statement is never mistaken for the only one.
   *
   * Sensitivity: justice-role.
   *
   * @maxItems 20
   */
  history?: {
    /**
     * What she said then.
     *
     * Sensitivity: justice-role.
     */
    status: Cooperation;
    /**
     * When she said it.
     *
     * Sensitivity: justice-role.
     */
    statedOn: NrxDate;
  }[];
};
/**
 * An agreement between members of a National Referral Mechanism (or of two mechanisms across a border) that states, per purpose, the largest set of fields a recipient may get from a provider, the generalised forms some fields must take, whether the data may cross a border and whether her consent is needed. An agreement never releases anything on its own: a field is released only when a clause allows it and her consent or a recorded legal basis covers it. Anything an agreement does not name is withheld.
 */
export type DataSharingAgreement = {
  /**
   * The document kind; always 'data-sharing-agreement'.
   *
   * Sensitivity: operational.
   */
  kind: 'data-sharing-agreement';
  /**
   * The version of the standard this agreement follows.
   *
   * Sensitivity: operational.
   */
  specVersion: SpecVersion;
  /**
   * The agreement's identifier, stable across versions, cited in every disclosure made under it (for example 'rs-police-cptv').
   *
   * Sensitivity: public.
   */
  id: string;
  /**
   * The version of the agreement text (semantic version); a disclosure cites the version it was made under.
   *
   * Sensitivity: public.
   */
  version: string;
  /**
   * A short title people recognise, for example 'Police and the Centre for Protection of Trafficking Victims'.
   *
   * Sensitivity: public.
   */
  title: string;
  /**
   * The law, protocol or memorandum of understanding the agreement rests on.
   *
   * Sensitivity: public.
   */
  legalReference?: string;
  /**
   * The members bound by the agreement: single members, or every member of a class, country or agency type.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 50
   */
  parties: [ConsentRecordActorMatch, ...ConsentRecordActorMatch[]];
  /**
   * When the agreement is in force; outside it no clause applies.
   *
   * Sensitivity: public.
   */
  validPeriod: Period;
  /**
   * The clauses, each for one purpose and one direction of flow.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 100
   */
  clauses: [DataSharingAgreementClause, ...DataSharingAgreementClause[]];
};
/**
 * One clause: for a purpose, from which providers to which recipients, the largest set of fields (field groups and paths) and the transforms they must go through. A clause is cited by its id as the agreement basis of each disclosure.
 */
export type DataSharingAgreementClause = {
  /**
   * The clause's identifier within the agreement, for example '4.2', cited as the basis of a disclosure.
   *
   * Sensitivity: public.
   */
  id: string;
  /**
   * What the clause allows and why, in words.
   *
   * Sensitivity: public.
   */
  description?: string;
  /**
   * The purpose the clause serves; data released under it may not be used for another.
   *
   * Sensitivity: public.
   */
  purpose: Purpose;
  /**
   * The providers (data controllers) whose data may flow under the clause; absent means every party.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 50
   */
  from?: [ConsentRecordActorMatch, ...ConsentRecordActorMatch[]];
  /**
   * The recipients who may receive under the clause.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 50
   */
  to: [ConsentRecordActorMatch, ...ConsentRecordActorMatch[]];
  /**
   * The staff roles at the recipient who may see the fields; absent means the roles the gateway allows case data to by default (case worker, supervisor and the recipient's own system).
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 5
   */
  roles?: [
    'case-worker' | 'supervisor' | 'dpo' | 'admin' | 'service',
    ...('case-worker' | 'supervisor' | 'dpo' | 'admin' | 'service')[]
  ];
  /**
   * The field groups the recipient may get at most.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 30
   */
  fieldGroups?: [FieldGroup, ...FieldGroup[]];
  /**
   * Single fields the recipient may get at most, as JSON Pointers into the referral with '*' for every array item (for example '/sections/residenceStatus/removalSuspension/suspended').
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 100
   */
  paths?: [string, ...string[]];
  /**
   * Generalised forms some of the fields must take; a field covered by a rule whose transforms neither it nor an enclosing field allows is withheld.
   *
   * Sensitivity: public.
   *
   * @maxItems 30
   */
  transforms?: DataSharingAgreementTransformRule[];
  /**
   * True when the recipient may be in another country than the provider. Identifying fields still cross only to a recipient she named in her consent.
   *
   * Sensitivity: public.
   */
  crossBorder?: boolean;
  /**
   * False only when the clause's own legal basis stands without her consent; her explicit refusal still wins and every such disclosure is flagged for the data-protection officer.
   *
   * Sensitivity: public.
   */
  requiresConsent?: boolean;
  /**
   * For a subject who is a minor (her referral says minor, or gives a date of birth or an age band under 18): whose consent the clause needs. 'guardian': a permit her guardian or legal representative granted; 'child-view': her own agreement, as a permit she granted herself or as the child's view 'agrees' recorded on her guardian's consent. With both, both are needed. A child's own consent alone then never releases what needs her guardian, and her view is never taken as her guardian's decision. Absent: a permit from any grantor counts.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 2
   */
  minorConsent?: ['guardian' | 'child-view', ...('guardian' | 'child-view')[]];
  /**
   * The legal basis of the clause itself when it does not require consent.
   *
   * Sensitivity: public.
   */
  legalBasis?: LegalBasis;
  /**
   * Legal bases other than consent that a request under this clause may invoke; each releases only its minimal field set and is flagged for the data-protection officer.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 7
   */
  acceptsLegalBases?: [LegalBasis, ...LegalBasis[]];
};
/**
 * The generalised forms that fields of the listed groups and paths must take under the clause.
 */
export type DataSharingAgreementTransformRule = {
  /**
   * The field groups the rule applies to.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 30
   */
  fieldGroups?: [FieldGroup, ...FieldGroup[]];
  /**
   * The fields the rule applies to, as JSON Pointers with '*' for every array item.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 100
   */
  paths?: [string, ...string[]];
  /**
   * The transforms allowed for these fields; the most protective one the field allows is applied.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 7
   */
  use: [
    'age-band' | 'minor-flag' | 'year-only' | 'region' | 'country-only' | 'vulnerable-person' | 'presence-only',
    ...('age-band' | 'minor-flag' | 'year-only' | 'region' | 'country-only' | 'vulnerable-person' | 'presence-only')[]
  ];
};
/**
 * Someone who depends on her, usually a child: how they are related, their age, whether they were trafficked with her or born of the trafficking, with whom they live (and at most in which region), their guardian, and their own needs by reference. A dependant is never named here; the reference id is meaningful only within her record. Their needs are needs like hers, with the dependant as beneficiary.
 */
export type Dependant = {
  /**
   * The dependant's reference within her record, used by needs that name the dependant as beneficiary. Never derived from the dependant's name or documents.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * How the dependant is related to her.
   *
   * Sensitivity: family.
   */
  relation: DependantRelation;
  /**
   * The dependant's date of birth. Released as an age band, a minor flag or the year where the full date is not needed.
   *
   * Sensitivity: identifying. May be released as: age-band, minor-flag, year-only.
   */
  dateOfBirth?: NrxDate;
  /**
   * True when the date of birth is an estimate.
   *
   * Sensitivity: operational.
   */
  dateOfBirthEstimated?: boolean;
  /**
   * Age band when the date of birth is unknown or withheld, e.g. '0-4', '5-9', '15-17'.
   *
   * Sensitivity: operational.
   */
  ageBand?: string;
  /**
   * True when the dependant is under 18 now.
   *
   * Sensitivity: operational.
   */
  minor?: boolean;
  /**
   * True when the dependant was trafficked or exploited together with her.
   *
   * Sensitivity: trafficking-status.
   */
  coTrafficked?: boolean;
  /**
   * True when the child was conceived or born during the trafficking. It reveals details of the exploitation and is shared only where the child's care requires it.
   *
   * Sensitivity: special-sex-life.
   */
  bornOfTrafficking?: boolean;
  /**
   * With whom the dependant lives: with her, the other parent, relatives, in state care, elsewhere or unknown.
   *
   * Sensitivity: family.
   */
  whereabouts?: DependantWhereabouts;
  /**
   * Where the dependant lives when not with her, at region level at most. Never an address.
   *
   * Sensitivity: location. May be released as: country-only.
   */
  location?: {
    /**
     * First-level administrative unit (region, district, oblast).
     *
     * Sensitivity: location.
     */
    region?: string;
    /**
     * Country.
     *
     * Sensitivity: location.
     */
    country: Country;
  };
  /**
   * Who has legal guardianship or parental responsibility for a child dependant.
   *
   * Sensitivity: family.
   */
  guardian?: {
    /**
     * She, shared, the other parent, a relative, a state guardian or someone else.
     *
     * Sensitivity: family.
     */
    type: GuardianType;
    /**
     * The guardianship authority (for example a centre for social work) when a state guardian is appointed.
     *
     * Sensitivity: operational.
     */
    authority?: MemberId;
  };
  /**
   * The dependant's own needs, by id; each names this dependant as its beneficiary.
   *
   * Sensitivity: operational.
   *
   * @maxItems 50
   */
  needRefs?: Uuid[];
};
/**
 * Her identification as a victim of trafficking by one issuer: its status and stage, who issued it and what kind of body that is, the indicators observed and the lists they come from, the decision with its written reasons, and any review of a refusal. One record per issuer and stage, so that a preliminary NGO identification and a formal state decision stand side by side, and a foreign identification travels with its issuer type for the receiving mechanism to weigh. Her self-identification is kept on the person, not here. General and local services get 'vulnerable person' instead of the status.
 */
export type Identification = {
  /**
   * The identification's identifier, chosen by the issuer.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * Where she stands with this issuer: potential, presumed or identified victim, refused, or refusal under review.
   *
   * Sensitivity: trafficking-status. May be released as: vulnerable-person.
   */
  status: IdentificationStatus;
  /**
   * Whether this is a preliminary identification by a first responder or the formal identification procedure.
   *
   * Sensitivity: operational.
   */
  stage: IdentificationStage;
  /**
   * The member that made the identification.
   *
   * Sensitivity: operational.
   */
  issuer: MemberId;
  /**
   * What kind of body the issuer is, and for NGOs whether the police were involved, so that a receiving mechanism can weigh the identification.
   *
   * Sensitivity: operational.
   */
  issuerType: IdentificationIssuerType;
  /**
   * Since when the status holds.
   *
   * Sensitivity: operational.
   */
  statusSince?: NrxDate;
  /**
   * Indicators of trafficking observed, each with the published list it comes from and who observed it.
   *
   * Sensitivity: trafficking-status.
   *
   * @maxItems 100
   */
  indicators?: {
    /**
     * The indicator list the indicator comes from (IOM, ILO, UNODC, police, labour inspectorate, national list).
     *
     * Sensitivity: operational.
     */
    set: IndicatorSet;
    /**
     * The indicator's identifier in that list, when the list numbers its indicators.
     *
     * Sensitivity: trafficking-status.
     */
    code?: string;
    /**
     * The indicator as the list words it, for example 'Identity documents confiscated'. Not a description of her case.
     *
     * Sensitivity: trafficking-status.
     */
    label: string;
    /**
     * When the indicator was observed.
     *
     * Sensitivity: operational.
     */
    observedOn?: NrxDate;
    /**
     * Who observed it: the member agency and the role of the staff member (for example a labour inspector or an outreach worker).
     *
     * Sensitivity: operational.
     */
    observedBy?: Actor;
  }[];
  /**
   * The decision that ended a formal identification procedure.
   *
   * Sensitivity: trafficking-status.
   */
  decision?: {
    /**
     * Granted, refused or discontinued.
     *
     * Sensitivity: trafficking-status. May be released as: vulnerable-person.
     */
    outcome: IdentificationDecision;
    /**
     * The date of the decision.
     *
     * Sensitivity: operational.
     */
    decidedOn: NrxDate;
    /**
     * Who decided: the member and the official who approved the decision.
     *
     * Sensitivity: operational.
     */
    decidedBy?: Actor;
    /**
     * The written reasons for the decision, as given to her. Required for a refusal, so that she and the referring agency can ask for a review.
     *
     * Sensitivity: narrative.
     */
    writtenReasons?: string;
    /**
     * When the written reasons were given to her.
     *
     * Sensitivity: operational.
     */
    reasonsGivenToHerOn?: NrxDate;
    /**
     * When the written reasons were given to the agency that referred her.
     *
     * Sensitivity: operational.
     */
    reasonsGivenToReferrerOn?: NrxDate;
    /**
     * True when she was told, in a language she understands, that she may ask for a review of the decision and how.
     *
     * Sensitivity: operational.
     */
    informedOfReviewRight?: boolean;
  };
  /**
   * A review of a refusal, requested by her or by an agency involved in the preliminary identification.
   *
   * Sensitivity: trafficking-status.
   */
  review?: {
    /**
     * When the review was requested.
     *
     * Sensitivity: operational.
     */
    requestedOn: NrxDate;
    /**
     * Who asked for the review.
     *
     * Sensitivity: operational.
     */
    requestedBy?: ReviewRequester;
    /**
     * The member that conducts the review.
     *
     * Sensitivity: operational.
     */
    reviewBody?: MemberId;
    /**
     * True when the review is conducted by a body or panel other than the one that issued the decision.
     *
     * Sensitivity: operational.
     */
    independentOfIssuer?: boolean;
    /**
     * Where the review stands.
     *
     * Sensitivity: trafficking-status.
     */
    outcome: ReviewOutcome;
    /**
     * When the review was decided.
     *
     * Sensitivity: operational.
     */
    decidedOn?: NrxDate;
    /**
     * The written reasons of the review decision.
     *
     * Sensitivity: narrative.
     */
    writtenReasons?: string;
  };
};
/**
 * One occasion on which she (or her guardian) was told something: the topics, when, in which language and form, by whom, whether an interpreter was used, and whether she confirmed she understood. Later providers read these records so that they neither repeat nor contradict what she was told, and so that it is clear whether she knew her rights, including her right to decline, before she decided anything.
 */
export type InformationGiven = {
  /**
   * The record's identifier, so that assistance offers can refer to what she was told with them.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * What she was told about: her rights, the reflection period, identification, assistance options, her right to decline, consent and data use, proceedings, compensation, return, complaints, and so on.
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 14
   */
  topics: [InformationTopic, ...InformationTopic[]];
  /**
   * When the information was given.
   *
   * Sensitivity: operational.
   */
  givenOn: NrxDate;
  /**
   * Who gave the information.
   *
   * Sensitivity: operational.
   */
  givenBy: Actor;
  /**
   * Whether she was told herself or her guardian was. A child is told too, in a way suited to her age; record that as a separate occasion.
   *
   * Sensitivity: operational.
   */
  givenTo?: PersonOrGuardian;
  /**
   * The language the information was given in.
   *
   * Sensitivity: operational.
   */
  language: LanguageTag;
  /**
   * How the information was given: orally, in writing, in easy-read form, and so on.
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 6
   */
  formats?: [InformationFormat, ...InformationFormat[]];
  /**
   * True when an interpreter took part.
   *
   * Sensitivity: operational.
   */
  interpreterUsed?: boolean;
  /**
   * The title or identifier of the written or recorded material used, for example a leaflet and its edition.
   *
   * Sensitivity: operational.
   */
  material?: string;
  /**
   * True when she kept a copy of written material to read again later.
   *
   * Sensitivity: operational.
   */
  copyKept?: boolean;
  /**
   * Whether she confirmed that she understood, understood in part, did not understand, or was not asked.
   *
   * Sensitivity: operational.
   */
  understood?: UnderstandingConfirmation;
  /**
   * Questions or comments she had, in her own words, so that the next provider can answer them.
   *
   * Sensitivity: narrative.
   */
  questions?: OwnWords;
};
/**
 * Her role in criminal, misdemeanour and civil proceedings: the roles she holds, the proceedings themselves, compensation claims, the non-punishment question and her legal representative. Recorded from the proceedings or her own statement, never inferred from assistance, and never revealed through it. Whether she cooperates with the authorities is a separate status (cooperation-status).
 */
export type JusticeStatus = {
  /**
   * All the roles she holds in any proceedings, for a recipient that needs the roles and not the proceedings. A suspect or defendant role is recorded only as context for the non-punishment question and carries the special-criminal tier.
   *
   * Sensitivity: justice-role.
   *
   * @maxItems 10
   */
  roles?: JusticeRole[];
  /**
   * The proceedings she takes part in.
   *
   * Sensitivity: justice-role.
   *
   * @maxItems 20
   */
  proceedings?: {
    /**
     * A local identifier for the proceedings within this record, so that claims and the non-punishment question can point to them. Not the court's case number.
     *
     * Sensitivity: operational.
     */
    id?: string;
    /**
     * Criminal, misdemeanour, civil or administrative.
     *
     * Sensitivity: justice-role.
     */
    type: ProceedingsType;
    /**
     * Where the proceedings stand.
     *
     * Sensitivity: justice-role.
     */
    stage?: ProceedingsStage;
    /**
     * Her roles in these proceedings.
     *
     * Sensitivity: justice-role.
     *
     * @maxItems 10
     */
    roles?: JusticeRole[];
    /**
     * The court or prosecution office, by country and region only, so that a hearing date does not point to a building.
     *
     * Sensitivity: justice-role.
     */
    court?: {
      /**
       * Country of the court.
       *
       * Sensitivity: justice-role.
       */
      country: Country;
      /**
       * Region (first-level administrative unit) or judicial district of the court.
       *
       * Sensitivity: justice-role.
       */
      region?: string;
    };
    /**
     * The court's or prosecutor's case number. A case number of another system, so it identifies her.
     *
     * Sensitivity: identifying.
     */
    caseReference?: string;
    /**
     * Date of the next hearing she is called to, so that support and safe transport can be arranged.
     *
     * Sensitivity: justice-role.
     */
    nextHearing?: NrxDate;
    /**
     * When the proceedings began and, when they have, ended.
     *
     * Sensitivity: justice-role.
     */
    period?: Period;
  }[];
  /**
   * Her claims for compensation from the offenders, an employer or a state scheme.
   *
   * Sensitivity: justice-role.
   *
   * @maxItems 20
   */
  compensationClaims?: {
    /**
     * How the compensation is claimed.
     *
     * Sensitivity: justice-role.
     */
    route: CompensationRoute;
    /**
     * The local identifier of the proceedings the claim is made in, when it is.
     *
     * Sensitivity: operational.
     */
    proceedingsId?: string;
    /**
     * ISO 4217 currency code of the amounts.
     *
     * Sensitivity: justice-role.
     */
    currency?: string;
    /**
     * The amount claimed.
     *
     * Sensitivity: justice-role.
     */
    amountClaimed?: number;
    /**
     * When the claim was filed.
     *
     * Sensitivity: justice-role.
     */
    filed?: NrxDate;
    /**
     * True when compensation was awarded, false when it was refused; absent while undecided.
     *
     * Sensitivity: justice-role.
     */
    awarded?: boolean;
    /**
     * The amount awarded.
     *
     * Sensitivity: justice-role.
     */
    amountAwarded?: number;
    /**
     * When the claim was decided.
     *
     * Sensitivity: justice-role.
     */
    decided?: NrxDate;
    /**
     * The amount actually paid to her so far. Awards often go unpaid.
     *
     * Sensitivity: justice-role.
     */
    amountPaid?: number;
    /**
     * When the latest payment was received.
     *
     * Sensitivity: justice-role.
     */
    lastPayment?: NrxDate;
  }[];
  /**
   * The non-punishment question (Council of Europe Convention Art. 26): whether she is spared prosecution or punishment for offences she was compelled to commit, such as irregular stay, prostitution, document fraud or forced criminality. Criminal-offence data.
   *
   * Sensitivity: special-criminal.
   */
  nonPunishment?: {
    /**
     * True when she is suspected, charged or convicted of an offence committed as a consequence of being trafficked.
     *
     * Sensitivity: special-criminal.
     */
    applicable: boolean;
    /**
     * Where the question stands.
     *
     * Sensitivity: special-criminal.
     */
    outcome?: NonPunishmentOutcome;
    /**
     * The local identifier of the proceedings against her, when listed.
     *
     * Sensitivity: operational.
     */
    proceedingsId?: string;
  };
  /**
   * The lawyer or legal-aid organisation that represents her.
   *
   * Sensitivity: justice-role.
   */
  legalRepresentative?: {
    /**
     * The organisation and the lawyer's pseudonym within it.
     *
     * Sensitivity: justice-role.
     */
    representedBy: Actor;
    /**
     * Since when she is represented.
     *
     * Sensitivity: justice-role.
     */
    since?: NrxDate;
    /**
     * True when the representation costs her nothing (free legal aid).
     *
     * Sensitivity: justice-role.
     */
    freeOfCharge?: boolean;
  };
  /**
   * When this status was recorded or last checked.
   *
   * Sensitivity: operational.
   */
  recordedAt?: DateTime;
  /**
   * Who recorded or last checked it.
   *
   * Sensitivity: operational.
   */
  recordedBy?: Actor;
};
/**
 * A member directory entry: one agency of the federation, identified the X-Road way, with what kind of agency it is, where its gateway answers, its public signing keys and how the public can contact it. Members are listed in the trust list that the federation operator signs; a gateway trusts a signature only with a key published here. Everything in an entry is public.
 */
export type Member = {
  /**
   * The document kind; always 'member'.
   *
   * Sensitivity: public.
   */
  kind: 'member';
  /**
   * The version of the standard this entry follows.
   *
   * Sensitivity: public.
   */
  specVersion: SpecVersion;
  /**
   * The member identifier: country, member class, member code and, for a subsystem, its code (for example RS/NGO/ASTRA or AT/NGO/LEFOE/shelter).
   *
   * Sensitivity: public.
   */
  id: MemberId;
  /**
   * The agency's official name.
   *
   * Sensitivity: public.
   */
  name: string;
  /**
   * A commonly used or English name, or an acronym.
   *
   * Sensitivity: public.
   */
  alternateName?: string;
  /**
   * The country the member belongs to; the same as the first part of its identifier.
   *
   * Sensitivity: public.
   */
  country: Country;
  /**
   * The member class; the same as the second part of its identifier.
   *
   * Sensitivity: public.
   */
  memberClass: MemberClass;
  /**
   * The subsystem code when the entry is a subsystem (a unit with its own system and keys, such as an NGO's shelter); the same as the last part of its identifier.
   *
   * Sensitivity: public.
   */
  subsystem?: string;
  /**
   * What kind of agency it is. Data-sharing agreements grant fields by agency type, member class and country.
   *
   * Sensitivity: public.
   */
  agencyType: AgencyType;
  /**
   * The member this one belongs to: the organisation of a subsystem, or the ministry of a police unit.
   *
   * Sensitivity: public.
   */
  parentOrganisation?: MemberId;
  /**
   * What the agency does, in a few sentences.
   *
   * Sensitivity: public.
   */
  description?: string;
  /**
   * Where the member's own gateway answers, when it runs one. Members without a gateway are reached through their parent's or a hosted gateway.
   *
   * Sensitivity: public.
   */
  endpoints?: {
    /**
     * The base URL of the member's NRX gateway, where its GraphQL endpoint and the peer protocol (/peer/v1/) answer. Members hosted by the same gateway list the same URL. Only https:// is for use between gateways; plain http:// is accepted for a loopback host (127.0.0.1, [::1], localhost) so that gateways can be tried on one machine, and a gateway uses it only when its configuration allows development transport.
     *
     * Sensitivity: public.
     */
    gateway?: string;
    /**
     * The URL that receives referral status updates for referrals this member sent.
     *
     * Sensitivity: public.
     */
    statusFeedback?: string;
    /**
     * Where the member also publishes its signing keys (/.well-known/jwks.json). The keys in this entry, signed into the trust list, are the ones that count.
     *
     * Sensitivity: public.
     */
    jwksUri?: string;
  };
  /**
   * The member's public signing keys as a JSON Web Key Set (RFC 7517). Only public key parameters may appear: a private or symmetric key is rejected.
   *
   * Sensitivity: public.
   */
  jwks: {
    /**
     * The keys; more than one during a key rollover.
     *
     * Sensitivity: public.
     *
     * @minItems 1
     * @maxItems 10
     */
    keys: [MemberJwk, ...MemberJwk[]];
  };
  /**
   * How the public and other agencies can contact the agency. Never a staff member's personal details, never a shelter's address.
   *
   * Sensitivity: public.
   */
  contact?: {
    /**
     * The agency's website.
     *
     * Sensitivity: public.
     */
    website?: string;
    /**
     * A public e-mail address.
     *
     * Sensitivity: public.
     */
    email?: string;
    /**
     * A public phone number.
     *
     * Sensitivity: public.
     */
    phone?: string;
  };
  /**
   * Languages the agency works in.
   *
   * Sensitivity: public.
   *
   * @maxItems 30
   */
  languages?: LanguageTag[];
  /**
   * Whether the member may exchange messages now.
   *
   * Sensitivity: public.
   */
  status: MemberStatus;
  /**
   * When the membership is valid; outside it the member is treated as unknown.
   *
   * Sensitivity: public.
   */
  validPeriod?: Period;
};
/**
 * A public elliptic-curve key.
 */
export type MemberEcKey = {
  /**
   * An elliptic-curve key (RFC 7518 section 6.2).
   *
   * Sensitivity: public.
   */
  kty: 'EC';
  /**
   * Key identifier, named in the kid header of what the key signs.
   *
   * Sensitivity: public.
   */
  kid: string;
  /**
   * The signature algorithm the key is used with (RFC 7518 section 3.1, RFC 8037).
   *
   * Sensitivity: public.
   */
  alg?: 'ES256' | 'ES384' | 'ES512';
  /**
   * Public key use: always 'sig', signing.
   *
   * Sensitivity: public.
   */
  use?: 'sig';
  /**
   * When the key stops being accepted, in seconds since 1970-01-01 UTC (a JWT NumericDate). Set on the outgoing key during a rollover: the trust list then publishes both keys, and gateways accept what the old key signs until this moment, and nothing after it, without waiting for the next list.
   *
   * Sensitivity: public.
   */
  exp?: number;
  /**
   * The curve.
   *
   * Sensitivity: public.
   */
  crv: 'P-256' | 'P-384' | 'P-521';
  /**
   * The x coordinate, base64url-encoded.
   *
   * Sensitivity: public.
   */
  x: string;
  /**
   * The y coordinate, base64url-encoded.
   *
   * Sensitivity: public.
   */
  y: string;
};
/**
 * A public RSA key.
 */
export type MemberRsaKey = {
  /**
   * An RSA key (RFC 7518 section 6.3).
   *
   * Sensitivity: public.
   */
  kty: 'RSA';
  /**
   * Key identifier, named in the kid header of what the key signs.
   *
   * Sensitivity: public.
   */
  kid: string;
  /**
   * The signature algorithm the key is used with (RFC 7518 section 3.1, RFC 8037).
   *
   * Sensitivity: public.
   */
  alg?: 'PS256' | 'PS384' | 'PS512' | 'RS256' | 'RS384' | 'RS512';
  /**
   * Public key use: always 'sig', signing.
   *
   * Sensitivity: public.
   */
  use?: 'sig';
  /**
   * When the key stops being accepted, in seconds since 1970-01-01 UTC (a JWT NumericDate). Set on the outgoing key during a rollover: the trust list then publishes both keys, and gateways accept what the old key signs until this moment, and nothing after it, without waiting for the next list.
   *
   * Sensitivity: public.
   */
  exp?: number;
  /**
   * The modulus, base64url-encoded; 2048 to 8192 bits.
   *
   * Sensitivity: public.
   */
  n: string;
  /**
   * The public exponent, base64url-encoded.
   *
   * Sensitivity: public.
   */
  e: string;
};
/**
 * A public Edwards-curve key.
 */
export type MemberOkpKey = {
  /**
   * An Edwards-curve key (RFC 8037).
   *
   * Sensitivity: public.
   */
  kty: 'OKP';
  /**
   * Key identifier, named in the kid header of what the key signs.
   *
   * Sensitivity: public.
   */
  kid: string;
  /**
   * The signature algorithm the key is used with (RFC 7518 section 3.1, RFC 8037).
   *
   * Sensitivity: public.
   */
  alg?: 'EdDSA';
  /**
   * Public key use: always 'sig', signing.
   *
   * Sensitivity: public.
   */
  use?: 'sig';
  /**
   * When the key stops being accepted, in seconds since 1970-01-01 UTC (a JWT NumericDate). Set on the outgoing key during a rollover: the trust list then publishes both keys, and gateways accept what the old key signs until this moment, and nothing after it, without waiting for the next list.
   *
   * Sensitivity: public.
   */
  exp?: number;
  /**
   * The curve.
   *
   * Sensitivity: public.
   */
  crv: 'Ed25519' | 'Ed448';
  /**
   * The public key, base64url-encoded.
   *
   * Sensitivity: public.
   */
  x: string;
};
/**
 * One need of hers or of one of her dependants, as assessed with her: what it is about (a category of the shared need and service taxonomy), how it relates to the trafficking, when it must be met, whose it is, how much it matters to her, and whether it has been met. Needs that existed before the trafficking or have nothing to do with it are recorded like the others. A category that reveals a health condition, proceedings or migration status is labelled by its code, so the need is treated as that tier too.
 */
export type Need = {
  /**
   * The need's identifier, so that assistance offers and plan goals can refer to it.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * What the need is about, from the shared need and service taxonomy: the specific code (medical.addiction-treatment) when known, the top-level code (medical) otherwise.
   *
   * Sensitivity: operational.
   */
  category: ServiceCategory;
  /**
   * A short description of the need in practical terms, for example 'winter shoes for two children'. Never an assumed diagnosis: a health condition is named only when a qualified professional has diagnosed it and she agreed to share it.
   *
   * Sensitivity: narrative.
   */
  detail?: string;
  /**
   * Whether the need was caused by the trafficking, existed before it, or is unrelated.
   *
   * Sensitivity: operational.
   */
  origin?: NeedOrigin;
  /**
   * When the need must be met: immediately (crisis), in the short, medium or long term.
   *
   * Sensitivity: operational.
   */
  horizon?: NeedHorizon;
  /**
   * Whose need it is: hers, or a dependant's (then named in dependantRef).
   *
   * Sensitivity: operational.
   */
  beneficiary: NeedBeneficiary;
  /**
   * The dependant whose need it is: the id of one of her dependants. Present only when the beneficiary is a dependant.
   *
   * Sensitivity: family.
   */
  dependantRef?: Uuid;
  /**
   * When she first asked for help with this need. Some first requests come years after the trafficking and are no less valid.
   *
   * Sensitivity: operational.
   */
  firstExpressedOn?: NrxDate;
  /**
   * When the need was assessed.
   *
   * Sensitivity: operational.
   */
  assessedOn?: NrxDate;
  /**
   * Who assessed the need.
   *
   * Sensitivity: operational.
   */
  assessedBy?: Actor;
  /**
   * True when she took part in the assessment; false when it was made about her without her.
   *
   * Sensitivity: operational.
   */
  assessedWithHer?: boolean;
  /**
   * How much the need matters to her, as a rank among her needs: 1 is the most important to her. Her priority, not the agency's.
   *
   * Sensitivity: operational.
   */
  herPriority?: number;
  /**
   * The need as she put it, in her own words.
   *
   * Sensitivity: narrative.
   */
  ownWords?: OwnWords;
  /**
   * Whether the need is open, met, partly met, unmet or no longer relevant.
   *
   * Sensitivity: operational.
   */
  status: NeedStatus;
  /**
   * Why the need is unmet or only partly met (no service, no capacity, not eligible, declined by her, and so on).
   *
   * Sensitivity: operational.
   *
   * @maxItems 12
   */
  statusReasons?: ServiceGapReason[];
  /**
   * Since when the status holds.
   *
   * Sensitivity: operational.
   */
  statusSince?: NrxDate;
};
/**
 * The answer (HTTP 200) of POST {gateway}/peer/v1/cases (spec/peer-protocol.md, her case view at a peer): the records the called gateway's agencies hold for her, each filtered by its own policy for the calling member, purpose and role, with the withheld fields named, and the connectors that failed. The disclosures are in the called gateway's audit trail before the answer is sent.
 */
export type PeerCaseAnswer = {
  /**
   * The answer kind; always 'peer-case-answer'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-case-answer';
  /**
   * The records released to the caller; empty when nothing may be released or nothing is held.
   *
   * Sensitivity: operational.
   *
   * @maxItems 1000
   *
   * Items: One record an agency of the called gateway holds for her, as its policy released it to the caller.
   *
   * Sensitivity: operational.
   */
  records: {
    /**
     * The name of the called gateway's connector (the agency system) the record comes from.
     *
     * Sensitivity: operational.
     */
    connector: string;
    /**
     * The member whose system holds the record; a member the called gateway hosts (the caller drops a record credited to any other).
     *
     * Sensitivity: operational.
     */
    member: MemberId;
    /**
     * The record's sections in the shape of a referral's sections (referral.schema.json), holding only what the called gateway's policy released to the calling member for its purpose and role; the caller filters them again with its own policy before anyone sees a field.
     *
     * Sensitivity: operational.
     */
    sections: {};
    /**
     * Every field the called gateway withheld, by pointer and reason: never the value.
     *
     * Sensitivity: operational.
     *
     * @maxItems 5000
     *
     * Items: One withheld field.
     *
     * Sensitivity: operational.
     */
    withheld: {
      /**
       * JSON Pointer of the withheld field inside the record's sections.
       *
       * Sensitivity: operational.
       */
      pointer: string;
      /**
       * Why it was withheld: the policy's reason code (for example NO_CONSENT, NO_AGREEMENT, CROSS_BORDER_IDENTITY).
       *
       * Sensitivity: operational.
       */
      reason: string;
    }[];
  }[];
  /**
   * The called gateway's connectors that failed, by name and code; the other records are served.
   *
   * Sensitivity: operational.
   *
   * @maxItems 1000
   *
   * Items: One of the called gateway's connectors that could not answer.
   *
   * Sensitivity: operational.
   */
  problems: {
    /**
     * The connector's name.
     *
     * Sensitivity: operational.
     */
    connector: string;
    /**
     * The error code, from the called gateway's registry of codes (CONNECTOR_TIMEOUT, CONNECTOR_UNAVAILABLE, …).
     *
     * Sensitivity: operational.
     */
    code: string;
  }[];
};
/**
 * The body of POST {gateway}/peer/v1/cases (spec/peer-protocol.md, her case view at a peer): a member's request, made through its own gateway with a token its own key signed, for the records the called gateway's agencies hold for one person. The called gateway answers as the data holder with a peer-case-answer.
 */
export type PeerCaseQuery = {
  /**
   * The request kind; always 'peer-case-query'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-case-query';
  /**
   * Her pseudonymous reference as the calling member knows it from a referral between the two gateways; never her name or a document number.
   *
   * Sensitivity: operational.
   */
  subject: SubjectRef;
};
/**
 * The answer (HTTP 200) of POST {gateway}/peer/v1/checkpoints (spec/peer-protocol.md, witnessed audit logs): how many of the checkpoints offered the called gateway stored now and how many it held already, and its own newest checkpoint, which the caller stores as a witness in turn.
 */
export type PeerCheckpointAnswer = {
  /**
   * The answer kind; always 'peer-checkpoint-answer'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-checkpoint-answer';
  /**
   * Checkpoints of the offer stored now as witnesses.
   *
   * Sensitivity: operational.
   */
  recorded: number;
  /**
   * Checkpoints of the offer that were held already.
   *
   * Sensitivity: operational.
   */
  known: number;
  /**
   * The called gateway's own newest checkpoint, signed with its member key; empty while its log is empty.
   *
   * Sensitivity: operational.
   *
   * @maxItems 1
   *
   * Items: A signed audit checkpoint: a compact JWS (typ nrx-audit-checkpoint+jws) whose payload is a peer-checkpoint, signed with a key the trust list holds for the gateway member whose log it attests.
   *
   * Sensitivity: operational.
   */
  checkpoints: string[];
};
/**
 * The body of POST {gateway}/peer/v1/checkpoints (spec/peer-protocol.md, witnessed audit logs): a gateway offers the signed checkpoints of its own audit log, which the called gateway verifies and stores as witnesses. Every checkpoint offered names the calling gateway's own member.
 */
export type PeerCheckpointOffer = {
  /**
   * The request kind; always 'peer-checkpoint-offer'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-checkpoint-offer';
  /**
   * The checkpoints of the caller's own log that the called gateway has not acknowledged yet, oldest first; may be empty (the caller then only asks for the called gateway's checkpoint).
   *
   * Sensitivity: operational.
   *
   * @maxItems 100
   *
   * Items: A signed audit checkpoint: a compact JWS (typ nrx-audit-checkpoint+jws) whose payload is a peer-checkpoint, signed with a key the trust list holds for the gateway member whose log it attests.
   *
   * Sensitivity: operational.
   */
  checkpoints: string[];
};
/**
 * A consent withdrawn after a referral was delivered, on its way from the referral's sender to its recipient (spec/peer-protocol.md §10, since 1.3). It is the payload of a compact JWS signed by the sending member (typ nrx-peer-consent-withdrawal+jws). It names the withdrawn consent and carries the consent records the referral still rests on; the recipient filters the copy it holds again with these alone, which can only remove fields, and stops using what rested on the withdrawn consent (GDPR Art. 7(3) and 19).
 */
export type PeerConsentWithdrawalEnvelope = {
  /**
   * The message kind; always 'peer-consent-withdrawal-envelope'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-consent-withdrawal-envelope';
  /**
   * The version of the standard the message follows. A receiver accepts any minor version of the major version it speaks and refuses a later major with PEER_VERSION_UNSUPPORTED.
   *
   * Sensitivity: operational.
   */
  specVersion: SpecVersion;
  /**
   * The envelope's identifier, chosen by the sender once and kept on every retry: the receiver's idempotency key. The same message again gets the same receipt; other content under a used identifier is refused as a replay.
   *
   * Sensitivity: operational.
   */
  messageId: Uuid;
  /**
   * The referral's sender, which took the consent and records its withdrawal; it signs the message with one of its keys in the trust list.
   *
   * Sensitivity: operational.
   */
  from: MemberId;
  /**
   * The referral's recipient, which holds a copy that rested on the consent; the receiving gateway must host it.
   *
   * Sensitivity: operational.
   */
  to: MemberId;
  /**
   * When the sender signed the message.
   *
   * Sensitivity: operational.
   */
  sentAt: DateTime;
  /**
   * The delivered referral whose envelope cited the withdrawn consent.
   *
   * Sensitivity: operational.
   */
  referralId: Uuid;
  /**
   * The identifier of the consent record that was withdrawn (as the referral envelope carried it).
   *
   * Sensitivity: operational.
   */
  consentId: Uuid;
  /**
   * When she withdrew the consent (the record's withdrawal.at).
   *
   * Sensitivity: operational.
   */
  withdrawnAt: DateTime;
  /**
   * Her consent records (kind 'consent-record') that the referral as delivered still rests on, her reference in them being the one the recipient knows; empty when none. Never the withdrawn one. The receiver checks each against the standard and filters its copy again with these alone.
   *
   * Sensitivity: operational.
   *
   * @maxItems 50
   *
   * Items: A consent record.
   *
   * Sensitivity: operational.
   */
  consents: {
    [k: string]: unknown | undefined;
  }[];
};
/**
 * The answer of a gateway that refuses a peer message or call (spec/peer-protocol.md), with the HTTP status of its code. It is not signed: a refusal stores nothing, and the sender's outbox keeps the message. The code names the cause (PEER_SIGNATURE_INVALID, PEER_SENDER_SUSPENDED, PEER_REPLAY, PEER_VERSION_UNSUPPORTED, PEER_MESSAGE_INVALID, …; docs/errors.md lists them).
 */
export type PeerError = {
  /**
   * The answer kind; always 'peer-error'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-error';
  /**
   * The error code, from the gateway's registry of codes.
   *
   * Sensitivity: operational.
   */
  code: string;
  /**
   * What is wrong, for the operator; it names fields and codes, never personal data.
   *
   * Sensitivity: operational.
   */
  message: string;
  /**
   * True when the same message may succeed later unchanged (the receiver is starting or overloaded); false when it must be fixed first.
   *
   * Sensitivity: operational.
   */
  retryable?: boolean;
};
/**
 * The receiving member's signed acknowledgement of a message (spec/peer-protocol.md): the payload of a compact JWS signed by the recipient (typ nrx-peer-receipt+jws), over the SHA-256 digest of the message's compact JWS exactly as it arrived. The sender stores it as proof of delivery (non-repudiation of receipt); a message sent again gets the same receipt.
 */
export type PeerReceipt = {
  /**
   * The message kind; always 'peer-receipt'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-receipt';
  /**
   * The version of the standard the message follows. A receiver accepts any minor version of the major version it speaks and refuses a later major with PEER_VERSION_UNSUPPORTED.
   *
   * Sensitivity: operational.
   */
  specVersion: SpecVersion;
  /**
   * The identifier of the message acknowledged.
   *
   * Sensitivity: operational.
   */
  messageId: Uuid;
  /**
   * The member that received the message and signs the receipt.
   *
   * Sensitivity: operational.
   */
  from: MemberId;
  /**
   * The member that sent the message.
   *
   * Sensitivity: operational.
   */
  to: MemberId;
  /**
   * The referral the message is about.
   *
   * Sensitivity: operational.
   */
  referralId: Uuid;
  /**
   * The SHA-256 of the message's compact JWS serialization exactly as it arrived, in lower-case hexadecimal.
   *
   * Sensitivity: operational.
   */
  messageDigest: string;
  /**
   * When the receiving gateway stored the message.
   *
   * Sensitivity: operational.
   */
  receivedAt: DateTime;
  /**
   * Fields of the referral the receiving gateway's own policy did not let its recipient hold, by JSON Pointer; they were not stored. For a consent withdrawal: the fields removed from the copy the recipient holds.
   *
   * Sensitivity: operational.
   *
   * @maxItems 5000
   *
   * Items: A JSON Pointer into the referral.
   *
   * Sensitivity: operational.
   */
  withheldOnReceipt?: string[];
  /**
   * For a referral: the status update the receiver recorded on receiving it (status 'received', sequence 1), which the sender adds to its history.
   *
   * Sensitivity: operational.
   */
  statusUpdate?: ReferralStatusUpdate;
};
/**
 * The feedback to the referrer: one message per change of a referral's status, from the member that made the change to the other party, with coded reasons when the referral is declined or fails and the next step. It names the referral and never the person, carries no personal data, and can therefore go to the referrer even when nothing else about her may. Statuses follow the HL7 FHIR R5 Task workflow.
 */
export type ReferralStatusUpdate = {
  /**
   * The document kind; always 'referral-status-update'.
   *
   * Sensitivity: operational.
   */
  kind: 'referral-status-update';
  /**
   * The version of the standard this update follows.
   *
   * Sensitivity: operational.
   */
  specVersion: SpecVersion;
  /**
   * The update's own identifier.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * The referral whose status changed.
   *
   * Sensitivity: operational.
   */
  referralId: Uuid;
  /**
   * The update's position among the referral's updates, starting at 1 and rising by one, so that a recipient can order updates and notice a missing one.
   *
   * Sensitivity: operational.
   */
  sequence: number;
  /**
   * The referral's status after the change.
   *
   * Sensitivity: operational.
   */
  status: ReferralStatus;
  /**
   * The status before the change.
   *
   * Sensitivity: operational.
   */
  previousStatus?: ReferralStatus;
  /**
   * Why the referral was declined by the provider, failed or was put on hold. Required when the provider declines.
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 10
   */
  reasons?: [ReferralDeclineReason, ...ReferralDeclineReason[]];
  /**
   * The reason in operational wording, for example 'no free place until 12 March; the service also does not accept boys over 14'. It must contain no personal data about her.
   *
   * Sensitivity: operational.
   */
  reasonText?: string;
  /**
   * The member that made the change and sends the update (usually the recipient of the referral).
   *
   * Sensitivity: operational.
   */
  from: MemberId;
  /**
   * The sending staff member's pseudonym, so that the referrer can ask a question.
   *
   * Sensitivity: operational.
   */
  fromUser?: UserRef;
  /**
   * The member the update is sent to (usually the referrer).
   *
   * Sensitivity: operational.
   */
  to: MemberId;
  /**
   * When the status changed.
   *
   * Sensitivity: operational.
   */
  at: DateTime;
  /**
   * What happens next and who acts, so that the referrer knows whether to wait, answer or look elsewhere.
   *
   * Sensitivity: operational.
   */
  nextStep?: {
    /**
     * The next step in operational wording, without personal data.
     *
     * Sensitivity: operational.
     */
    text: string;
    /**
     * The member that must take it.
     *
     * Sensitivity: operational.
     */
    by?: MemberId;
    /**
     * When it is expected.
     *
     * Sensitivity: operational.
     */
    due?: DateTime;
  };
  /**
   * Services the sender of the update suggests instead, when it declines or cannot complete.
   *
   * Sensitivity: operational.
   *
   * @maxItems 10
   */
  alternatives?: {
    /**
     * The suggested member.
     *
     * Sensitivity: operational.
     */
    member: MemberId;
    /**
     * The suggested service's identifier in the service directory.
     *
     * Sensitivity: operational.
     */
    service?: string;
  }[];
  /**
   * When the referral is completed or failed, what was achieved, in operational wording without personal data (for example 'accommodated 14 days, then moved to semi-independent housing').
   *
   * Sensitivity: operational.
   */
  outcomeSummary?: string;
};
/**
 * A referral on its way from the sending member's gateway to the recipient's gateway (spec/peer-protocol.md). It is the payload of a compact JWS signed by the sending member (typ nrx-peer-referral+jws) over its canonical JSON. It carries the referral as released to the recipient for its purpose by the sender's agreements and her consents at the moment of delivery, the fields withheld and transformed, and her consent records that released fields rest on.
 */
export type PeerReferralEnvelope = {
  /**
   * The message kind; always 'peer-referral-envelope'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-referral-envelope';
  /**
   * The version of the standard the message follows. A receiver accepts any minor version of the major version it speaks and refuses a later major with PEER_VERSION_UNSUPPORTED.
   *
   * Sensitivity: operational.
   */
  specVersion: SpecVersion;
  /**
   * The envelope's identifier, chosen by the sender once and kept on every retry: the receiver's idempotency key. The same message again gets the same receipt; other content under a used identifier is refused as a replay.
   *
   * Sensitivity: operational.
   */
  messageId: Uuid;
  /**
   * The member that sends the message and signs it with one of its keys in the trust list.
   *
   * Sensitivity: operational.
   */
  from: MemberId;
  /**
   * The member the message is for; the receiving gateway must host it.
   *
   * Sensitivity: operational.
   */
  to: MemberId;
  /**
   * When the sender signed this form of the message.
   *
   * Sensitivity: operational.
   */
  sentAt: DateTime;
  /**
   * The referral the message is about.
   *
   * Sensitivity: operational.
   */
  referralId: Uuid;
  /**
   * The country profile the referral follows (spec/profiles/<code>); the receiver validates the referral with it.
   *
   * Sensitivity: operational.
   */
  profile?: string;
  /**
   * The referral (kind 'referral') as released to the recipient. Its required properties may be absent only where `withheld` names them; the receiver validates it against the referral schema (of the named profile) on that condition. Its fields keep the sensitivity labels of referral.schema.json.
   *
   * Sensitivity: operational.
   */
  document: {
    [k: string]: unknown | undefined;
  };
  /**
   * The fields of the referral the sender's policy withheld from the recipient: where and why, never the value.
   *
   * Sensitivity: operational.
   *
   * @maxItems 5000
   *
   * Items: One withheld field.
   *
   * Sensitivity: operational.
   */
  withheld: {
    /**
     * The field's JSON Pointer into the referral, with array indices.
     *
     * Sensitivity: operational.
     */
    pointer: string;
    /**
     * The policy's reason code (for example NO_CONSENT, NO_AGREEMENT, CROSS_BORDER_IDENTITY).
     *
     * Sensitivity: operational.
     */
    reason: string;
  }[];
  /**
   * The fields released in a generalised form, and the transform applied.
   *
   * Sensitivity: operational.
   *
   * @maxItems 5000
   *
   * Items: One transformed field.
   *
   * Sensitivity: operational.
   */
  transformed: {
    /**
     * The field's JSON Pointer into the referral, with array indices.
     *
     * Sensitivity: operational.
     */
    pointer: string;
    /**
     * The transform applied (age-band, minor-flag, region, …).
     *
     * Sensitivity: operational.
     */
    transform: string;
  }[];
  /**
   * Her consent records (kind 'consent-record') that a released field rests on, her reference in them being the one the recipient knows. The receiver applies its own policy with them and checks each against the standard.
   *
   * Sensitivity: operational.
   *
   * @maxItems 50
   *
   * Items: A consent record.
   *
   * Sensitivity: operational.
   */
  consents: {
    [k: string]: unknown | undefined;
  }[];
};
/**
 * A status update on its way to the other party of a referral (spec/peer-protocol.md): accepted, declined with coded reasons, in progress, completed from the recipient, withdrawn from the sender. It is the payload of a compact JWS signed by the member that made the change (typ nrx-peer-status+jws). The receiver applies updates in order per referral: an update older than the newest it holds is kept in the history and never overwrites the newer status.
 */
export type PeerStatusEnvelope = {
  /**
   * The message kind; always 'peer-status-envelope'.
   *
   * Sensitivity: operational.
   */
  kind: 'peer-status-envelope';
  /**
   * The version of the standard the message follows. A receiver accepts any minor version of the major version it speaks and refuses a later major with PEER_VERSION_UNSUPPORTED.
   *
   * Sensitivity: operational.
   */
  specVersion: SpecVersion;
  /**
   * The envelope's identifier, chosen by the sender once and kept on every retry: the receiver's idempotency key. The same message again gets the same receipt; other content under a used identifier is refused as a replay.
   *
   * Sensitivity: operational.
   */
  messageId: Uuid;
  /**
   * The member that sends the message and signs it with one of its keys in the trust list.
   *
   * Sensitivity: operational.
   */
  from: MemberId;
  /**
   * The member the message is for; the receiving gateway must host it.
   *
   * Sensitivity: operational.
   */
  to: MemberId;
  /**
   * When the sender signed this form of the message.
   *
   * Sensitivity: operational.
   */
  sentAt: DateTime;
  /**
   * The referral the message is about.
   *
   * Sensitivity: operational.
   */
  referralId: Uuid;
  /**
   * The update's position among the referral's updates (the document's own sequence).
   *
   * Sensitivity: operational.
   */
  sequence: number;
  /**
   * The status update (kind 'referral-status-update'); it carries no personal data.
   *
   * Sensitivity: operational.
   */
  document: ReferralStatusUpdate;
};
/**
 * The referral envelope: one agency (the sender) asks another (the recipient) to act for a person, for a stated purpose, and carries only the sections the recipient needs. The person is named by a pseudonymous reference; what she has agreed to share is given by the consent records the referral cites. Every change to the referral's status is fed back to the sender as a referral status update.
 */
export type Referral = {
  /**
   * The document kind; always 'referral'.
   *
   * Sensitivity: operational.
   */
  kind: 'referral';
  /**
   * The version of the standard this referral follows.
   *
   * Sensitivity: operational.
   */
  specVersion: SpecVersion;
  /**
   * The country profile the referral also follows, when any (for example 'rs' for Serbia).
   *
   * Sensitivity: operational.
   */
  profile?: string;
  /**
   * The referral's identifier, chosen by the sender and kept for its whole life.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * The member that sends the referral.
   *
   * Sensitivity: operational.
   */
  sender: MemberId;
  /**
   * The sending case worker's pseudonym, so that the recipient can ask questions through the sender.
   *
   * Sensitivity: operational.
   */
  senderUser?: UserRef;
  /**
   * The member the referral is addressed to.
   *
   * Sensitivity: operational.
   */
  recipient: MemberId;
  /**
   * The identifier of the recipient's service (from the service directory) the referral asks for. A referral names a service endpoint, never the address of a shelter.
   *
   * Sensitivity: operational.
   */
  recipientService?: string;
  /**
   * The purpose of processing the referral is made for; the recipient may use the data for this purpose only.
   *
   * Sensitivity: operational.
   */
  purpose: Purpose;
  /**
   * The legal basis for sharing when it is not her consent (for example a mandatory crime notification). Any referral made on such a basis is flagged for the data-protection officer.
   *
   * Sensitivity: operational.
   */
  legalBasis?: LegalBasis;
  /**
   * The consent records under which the sections are shared.
   *
   * Sensitivity: operational.
   *
   * @maxItems 50
   */
  consentRefs?: Uuid[];
  /**
   * How soon the recipient is asked to act.
   *
   * Sensitivity: operational.
   */
  urgency?: Urgency;
  /**
   * When the sender created the referral.
   *
   * Sensitivity: operational.
   */
  created: DateTime;
  /**
   * When the sender needs an answer (accept or decline) at the latest.
   *
   * Sensitivity: operational.
   */
  respondBy?: DateTime;
  /**
   * The pseudonymous reference of the person the referral is about.
   *
   * Sensitivity: operational.
   */
  subject: SubjectRef;
  /**
   * The kinds of service the sender asks the recipient to provide or consider.
   *
   * Sensitivity: operational.
   *
   * @maxItems 50
   */
  requestedServices?: ServiceCategory[];
  /**
   * The sender's note to the recipient. It must not repeat what the sections carry.
   *
   * Sensitivity: narrative.
   */
  note?: string;
  /**
   * What the referral carries about the person: only the sections the recipient needs for the purpose, each holding only the fields the person agreed to or a legal basis allows.
   *
   * Sensitivity: operational.
   */
  sections: {
    /**
     * Who she is, pseudonymously, with the personal details the recipient needs.
     *
     * Sensitivity: operational.
     */
    person?: Person;
    /**
     * What happened to her, one entry per episode of trafficking.
     *
     * Sensitivity: trafficking-status. May be released as: presence-only.
     *
     * @maxItems 50
     */
    traffickingEpisodes?: TraffickingEpisode[];
    /**
     * Her identification as a victim of trafficking by each issuer, with the issuer type so the recipient can weigh it.
     *
     * Sensitivity: trafficking-status. May be released as: vulnerable-person.
     *
     * @maxItems 20
     */
    identifications?: Identification[];
    /**
     * Her needs and her dependants' needs, as assessed with her.
     *
     * Sensitivity: operational.
     *
     * @maxItems 200
     */
    needs?: Need[];
    /**
     * Every assistance offer made to her and her decision on each, so that later providers know what she was already offered and told.
     *
     * Sensitivity: operational.
     *
     * @maxItems 200
     */
    assistanceOffers?: AssistanceOffer[];
    /**
     * Her current assistance (care) plan.
     *
     * Sensitivity: operational.
     */
    assistancePlan?: AssistancePlan;
    /**
     * Risk assessments, newest first.
     *
     * Sensitivity: operational.
     *
     * @maxItems 50
     */
    riskAssessments?: RiskAssessment[];
    /**
     * Her residence and immigration status.
     *
     * Sensitivity: migration-status. May be released as: presence-only.
     */
    residenceStatus?: ResidenceStatus;
    /**
     * Her role in criminal and civil proceedings.
     *
     * Sensitivity: justice-role. May be released as: presence-only.
     */
    justiceStatus?: JusticeStatus;
    /**
     * Whether she cooperates with the authorities. Written only through her counsellor, never inferred from assistance.
     *
     * Sensitivity: justice-role.
     */
    cooperationStatus?: CooperationStatus;
    /**
     * Her wish to return or stay and the return arrangements.
     *
     * Sensitivity: operational.
     */
    returnPlan?: ReturnPlan;
    /**
     * Her dependants, usually children.
     *
     * Sensitivity: family.
     *
     * @maxItems 30
     */
    dependants?: Dependant[];
    /**
     * What she has been told, when, in which language and by whom, so that later providers neither repeat nor contradict it.
     *
     * Sensitivity: operational.
     *
     * @maxItems 200
     */
    informationGiven?: InformationGiven[];
  };
};
/**
 * The person a referral is about, pseudonymous by default: only the personal details the recipient needs travel, and identifying details (names, date of birth, documents) cross a border only to a recipient she consented to. Date of birth may be released as an age band or a minor flag instead; addresses as a region.
 */
export type Person = {
  /**
   * Her pseudonymous reference, the same as the envelope's subject.
   *
   * Sensitivity: operational.
   */
  subject: SubjectRef;
  /**
   * Given name as she uses it.
   *
   * Sensitivity: identifying.
   */
  givenName?: string;
  /**
   * Family name as she uses it.
   *
   * Sensitivity: identifying.
   */
  familyName?: string;
  /**
   * Other names, aliases and spellings she is or was known by.
   *
   * Sensitivity: identifying.
   *
   * @maxItems 10
   */
  otherNames?: string[];
  /**
   * How she wants to be addressed.
   *
   * Sensitivity: identifying.
   */
  preferredName?: string;
  /**
   * Sex as recorded with her.
   *
   * Sensitivity: operational.
   */
  sex?: Sex;
  /**
   * Gender identity in her own terms, only when she chose to state it.
   *
   * Sensitivity: special-sex-life.
   */
  genderIdentity?: string;
  /**
   * Date of birth. Released as an age band, a minor flag or the year where the full date is not needed.
   *
   * Sensitivity: identifying. May be released as: age-band, minor-flag, year-only.
   */
  dateOfBirth?: NrxDate;
  /**
   * True when the date of birth is an estimate (for example from an age assessment).
   *
   * Sensitivity: operational.
   */
  dateOfBirthEstimated?: boolean;
  /**
   * Age band when the date of birth is unknown or withheld, e.g. '15-17', '18-24', '65+'.
   *
   * Sensitivity: operational.
   */
  ageBand?: string;
  /**
   * True when she is under 18 now. Child-protection rules apply.
   *
   * Sensitivity: operational.
   */
  minor?: boolean;
  /**
   * The neutral label 'vulnerable-person': that she needs protection or assistance, without saying why. Where a recipient may learn only that much of her identification as a victim of trafficking, this is the form it is served in.
   *
   * Sensitivity: operational.
   */
  vulnerabilityLabel?: 'vulnerable-person';
  /**
   * True when she was under 18 when the trafficking began, even if she is an adult now.
   *
   * Sensitivity: trafficking-status.
   */
  minorWhenTrafficked?: boolean;
  /**
   * Countries of citizenship.
   *
   * Sensitivity: identifying.
   *
   * @maxItems 5
   */
  citizenships?: Country[];
  /**
   * True when she has no citizenship.
   *
   * Sensitivity: migration-status.
   */
  stateless?: boolean;
  /**
   * Country of her habitual residence before the trafficking.
   *
   * Sensitivity: location.
   */
  countryOfResidence?: Country;
  /**
   * Languages she speaks, the one she prefers first.
   *
   * Sensitivity: operational.
   *
   * @maxItems 10
   */
  languages?: LanguageTag[];
  /**
   * True when she needs an interpreter; the first of her languages is the one to interpret into.
   *
   * Sensitivity: operational.
   */
  interpreterNeeded?: boolean;
  /**
   * Whether she can read written information, so that information is given in a form she understands.
   *
   * Sensitivity: operational.
   */
  literacy?: Literacy;
  /**
   * Disabilities she disclosed that the recipient must accommodate.
   *
   * Sensitivity: special-health. May be released as: presence-only.
   */
  disability?: {
    /**
     * True when she has a disability to accommodate.
     *
     * Sensitivity: special-health.
     */
    present: boolean;
    /**
     * What the recipient must provide (step-free access, sign-language interpretation, easy-read material).
     *
     * Sensitivity: special-health.
     *
     * @maxItems 20
     */
    accommodations?: string[];
  };
  /**
   * True when she is pregnant and chose to say so.
   *
   * Sensitivity: special-health.
   */
  pregnant?: boolean;
  /**
   * Ethnic group in her own terms, only where needed for her assistance (for example a Roma mediator).
   *
   * Sensitivity: special-ethnicity.
   */
  ethnicity?: string;
  /**
   * Identity and travel documents.
   *
   * Sensitivity: identifying.
   *
   * @maxItems 10
   */
  documents?: {
    /**
     * Kind of document.
     *
     * Sensitivity: identifying.
     */
    type: DocumentType;
    /**
     * Document number.
     *
     * Sensitivity: identifying.
     */
    number?: string;
    /**
     * Country that issued the document.
     *
     * Sensitivity: identifying.
     */
    issuingCountry?: Country;
    /**
     * Expiry date.
     *
     * Sensitivity: identifying.
     */
    validUntil?: NrxDate;
    /**
     * False when the document is held by someone else, such as the trafficker or employer.
     *
     * Sensitivity: trafficking-status.
     */
    inHerPossession?: boolean;
  }[];
  /**
   * How to reach her directly, when she wants to be reached. A safe contact channel only.
   *
   * Sensitivity: identifying.
   */
  contact?: {
    /**
     * Phone number she gave for contact.
     *
     * Sensitivity: identifying.
     */
    phone?: string;
    /**
     * E-mail address she gave for contact.
     *
     * Sensitivity: identifying.
     */
    email?: string;
    /**
     * False when a message could be seen by someone who must not know.
     *
     * Sensitivity: operational.
     */
    safeToLeaveMessage?: boolean;
  };
  /**
   * Where she lives now. Never the address of a shelter; a shelter resident has the shelter's service reference instead.
   *
   * Sensitivity: location. May be released as: region, country-only.
   */
  currentAddress?: Address;
  /**
   * The community she comes from, where return or reintegration may take place.
   *
   * Sensitivity: location. May be released as: region, country-only.
   */
  homeCommunity?: Address;
  /**
   * What her family knows of what happened to her, so that no one tells them more.
   *
   * Sensitivity: family.
   */
  familyAware?: FamilyAwareness;
  /**
   * Whether she sees herself as a victim of trafficking, apart from any formal identification.
   *
   * Sensitivity: trafficking-status.
   */
  selfIdentification?: SelfIdentification;
  /**
   * The term she prefers for herself (for example 'survivor', 'migrant worker'), to be used when speaking with her.
   *
   * Sensitivity: trafficking-status.
   */
  preferredTerm?: string;
};
/**
 * What happened to her in one episode of trafficking: the forms of exploitation, where she was recruited, moved and exploited, when, by whom and how she was controlled, and how it ended. A person may have several episodes (re-trafficking counts as a new episode). Every fact here is trafficking status; the details of sexual exploitation are sex-life data and the offences she was forced to commit are criminal-offence data, each labelled as such. Record only what she chose to tell and what the recipient needs.
 */
export type TraffickingEpisode = {
  /**
   * The episode's identifier, chosen by the agency that first recorded it and kept when the episode is passed on.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * The forms of exploitation in this episode; several may apply (for example forced labour and sexual exploitation). When the exploitation was intended but did not take place, give 'intended-not-carried-out' together with the intended form, if known.
   *
   * Sensitivity: trafficking-status.
   *
   * @minItems 1
   * @maxItems 12
   */
  forms: [ExploitationForm, ...ExploitationForm[]];
  /**
   * Details of sexual exploitation, given only when 'sexual-exploitation' is among the forms and the recipient needs them for her assistance or protection.
   *
   * Sensitivity: special-sex-life.
   */
  sexualExploitation?: {
    /**
     * How she was sexually exploited (prostitution, pornography, remote or private sexual services).
     *
     * Sensitivity: special-sex-life.
     *
     * @minItems 1
     * @maxItems 5
     */
    types: [SexualExploitationType, ...SexualExploitationType[]];
  };
  /**
   * Details of the offences she was made to commit, given only when 'forced-criminality' is among the forms. They support a non-punishment claim and must never reach a body that could prosecute or sanction her for them.
   *
   * Sensitivity: special-criminal.
   */
  forcedCriminality?: {
    /**
     * The kinds of offence she was made to commit.
     *
     * Sensitivity: special-criminal.
     *
     * @minItems 1
     * @maxItems 8
     */
    activities: [ForcedCriminalityActivity, ...ForcedCriminalityActivity[]];
    /**
     * True when she was charged with, or convicted of, any of these offences. How the non-punishment question was handled belongs to her justice status.
     *
     * Sensitivity: special-criminal.
     */
    chargedOrConvicted?: boolean;
  };
  /**
   * The economic sectors in which she was exploited (ISIC sections, as in IOM HTCDS).
   *
   * Sensitivity: trafficking-status.
   *
   * @maxItems 5
   */
  sectors?: EconomicSector[];
  /**
   * The country where she was recruited.
   *
   * Sensitivity: trafficking-status.
   */
  countryOfRecruitment?: Country;
  /**
   * Countries she was moved through, in the order she passed them.
   *
   * Sensitivity: trafficking-status.
   *
   * @maxItems 20
   */
  transitCountries?: Country[];
  /**
   * Countries where she was exploited. The same as the country of recruitment for internal trafficking.
   *
   * Sensitivity: trafficking-status.
   *
   * @maxItems 20
   */
  countriesOfExploitation?: Country[];
  /**
   * When the episode began (recruitment) and ended (exit). An open end means it has not ended or the end is not known.
   *
   * Sensitivity: trafficking-status.
   */
  period?: Period;
  /**
   * True when the dates of the period are estimates, for example only the month or season was known.
   *
   * Sensitivity: operational.
   */
  periodEstimated?: boolean;
  /**
   * True when she was under 18 when this episode began. Child trafficking needs no means (force, deception) to be proven.
   *
   * Sensitivity: trafficking-status.
   */
  minorAtTheTime?: boolean;
  /**
   * How she knew the people who recruited her; several when several recruiters were involved.
   *
   * Sensitivity: trafficking-status.
   *
   * @maxItems 10
   */
  recruiterRelationships?: RecruiterRelationship[];
  /**
   * How the exploiters kept her under control (debt bondage, threats, withheld documents, and so on).
   *
   * Sensitivity: trafficking-status.
   *
   * @maxItems 17
   */
  meansOfControl?: MeansOfControl[];
  /**
   * How the exploitation ended or she got away from it.
   *
   * Sensitivity: trafficking-status.
   */
  exitMode?: ExitMode;
  /**
   * What she chose to tell about this episode, in her own words. Never a police statement; that belongs to the proceedings.
   *
   * Sensitivity: narrative.
   */
  account?: OwnWords;
  /**
   * When the episode was first recorded.
   *
   * Sensitivity: operational.
   */
  recordedOn?: NrxDate;
  /**
   * Who recorded the episode.
   *
   * Sensitivity: operational.
   */
  recordedBy?: Actor;
};
/**
 * An individual assessment of the risks to her safety at one date: who may harm her, how high the risk is, the safety measures taken, any restrictions of her freedom imposed and why, the risk she would face on return, and when the risk is to be assessed again. Restrictions such as a closed shelter are justified only by such an assessment and are reviewed with it; risk is re-assessed over time, not assumed once.
 */
export type RiskAssessment = {
  /**
   * The assessment's identifier.
   *
   * Sensitivity: operational.
   */
  id: Uuid;
  /**
   * When the risk was assessed.
   *
   * Sensitivity: operational.
   */
  assessedOn: NrxDate;
  /**
   * Who assessed it.
   *
   * Sensitivity: operational.
   */
  assessedBy: Actor;
  /**
   * Why the assessment was made: initial, scheduled review, after an incident, before a move, return or proceedings.
   *
   * Sensitivity: operational.
   */
  occasion?: RiskAssessmentOccasion;
  /**
   * True when she took part in the assessment and her own view of the risks was heard.
   *
   * Sensitivity: operational.
   */
  withHer?: boolean;
  /**
   * Who may harm her: traffickers, their associates, family, partner, community, corrupt officials, others.
   *
   * Sensitivity: operational.
   *
   * @maxItems 8
   */
  threatSources?: ThreatSource[];
  /**
   * The assessed level of risk.
   *
   * Sensitivity: operational.
   */
  level: RiskLevel;
  /**
   * When the risk is to be assessed again.
   *
   * Sensitivity: operational.
   */
  nextReviewOn?: NrxDate;
  /**
   * Measures taken to protect her or her family.
   *
   * Sensitivity: operational.
   *
   * @maxItems 12
   */
  safetyMeasures?: SafetyMeasure[];
  /**
   * Restrictions of her freedom imposed for her safety, each with its reason. A restriction without an individual reason is a finding for review.
   *
   * Sensitivity: operational.
   *
   * @maxItems 20
   */
  restrictions?: {
    /**
     * What is restricted.
     *
     * Sensitivity: operational.
     */
    type: SafetyRestriction;
    /**
     * Why the restriction is needed in her case, tied to the threats assessed.
     *
     * Sensitivity: narrative.
     */
    reason: string;
    /**
     * When the restriction started.
     *
     * Sensitivity: operational.
     */
    imposedOn: NrxDate;
    /**
     * When the restriction is to be reconsidered.
     *
     * Sensitivity: operational.
     */
    reviewOn?: NrxDate;
    /**
     * When the restriction was lifted.
     *
     * Sensitivity: operational.
     */
    liftedOn?: NrxDate;
    /**
     * True when she agreed to the restriction after it was explained to her.
     *
     * Sensitivity: operational.
     */
    agreedWithHer?: boolean;
    /**
     * What she said about the restriction.
     *
     * Sensitivity: narrative.
     */
    ownWords?: OwnWords;
  }[];
  /**
   * The risk she would face if she returned to a given country, assessed before any return is arranged.
   *
   * Sensitivity: operational.
   */
  riskOnReturn?: {
    /**
     * The country of return the assessment is about.
     *
     * Sensitivity: location.
     */
    country: Country;
    /**
     * The assessed level of risk on return.
     *
     * Sensitivity: operational.
     */
    level: RiskLevel;
    /**
     * Who may harm her on return, for example traffickers from her own community or a family that was involved.
     *
     * Sensitivity: operational.
     *
     * @maxItems 8
     */
    threatSources?: ThreatSource[];
    /**
     * What the assessment rests on, for example a provider in the country of return or country information; never an inquiry that could expose her in her community.
     *
     * Sensitivity: narrative.
     */
    sources?: string;
  };
  /**
   * The assessor's summary of the risks and the reasoning behind the level.
   *
   * Sensitivity: narrative.
   */
  summary?: string;
};
/**
 * Her residence and immigration status in one country: her current status, any recovery and reflection period, any temporary permit as a victim of trafficking, pending applications and whether her removal is suspended. All of it is migration-status data, dangerous in the hands of immigration enforcement; an immigration office usually needs only whether removal is suspended. The base schema fixes no length for the reflection period or the permit: national law does (90 days in Serbia, 45 in Belgium, at least 30 under the Council of Europe Convention), and country profiles state it.
 */
export type ResidenceStatus = {
  /**
   * The country whose law the status is under; normally the country of the member that records it.
   *
   * Sensitivity: migration-status.
   */
  country?: Country;
  /**
   * Her current residence status in that country.
   *
   * Sensitivity: migration-status.
   */
  status: ResidenceStatusCode;
  /**
   * The date from which the current status applies, when known.
   *
   * Sensitivity: migration-status.
   */
  since?: NrxDate;
  /**
   * Her recovery and reflection period as a presumed victim (Council of Europe Convention Art. 13): no removal order may be enforced during it and it does not depend on cooperation with the authorities.
   *
   * Sensitivity: migration-status.
   */
  reflectionPeriod?: {
    /**
     * Start and end of the reflection period; its length follows national law, stated by the country profile.
     *
     * Sensitivity: migration-status.
     */
    period: Period;
    /**
     * The authority that granted it (for example the immigration office on the coordinating body's assessment).
     *
     * Sensitivity: migration-status.
     */
    grantedBy?: Actor;
    /**
     * True when the period has been extended beyond its first term.
     *
     * Sensitivity: migration-status.
     */
    extended?: boolean;
  };
  /**
   * A temporary residence permit granted to her as a victim of trafficking (Council of Europe Convention Art. 14).
   *
   * Sensitivity: migration-status.
   */
  temporaryPermit?: {
    /**
     * The ground the permit was granted on. The cooperation ground reveals that she cooperates with the authorities and carries the justice-role tier as well.
     *
     * Sensitivity: migration-status.
     */
    ground: PermitGround;
    /**
     * The period the permit is valid for; its usual length follows national law, stated by the country profile.
     *
     * Sensitivity: migration-status.
     */
    period: Period;
    /**
     * The number of the permit document. Identifies her.
     *
     * Sensitivity: identifying.
     */
    permitNumber?: string;
    /**
     * The authority that issued the permit.
     *
     * Sensitivity: migration-status.
     */
    issuedBy?: Actor;
    /**
     * How many times the permit has been renewed.
     *
     * Sensitivity: migration-status.
     */
    renewals?: number;
    /**
     * True when the permit gives access to the labour market.
     *
     * Sensitivity: migration-status.
     */
    workAllowed?: boolean;
  };
  /**
   * Whether her removal (return, expulsion, deportation) is suspended. The suspended flag on its own is the minimum an immigration office needs.
   *
   * Sensitivity: migration-status.
   */
  removalSuspension?: {
    /**
     * True when no removal may be enforced now.
     *
     * Sensitivity: migration-status.
     */
    suspended: boolean;
    /**
     * Why removal is suspended. Some reasons (identification in progress) reveal that she may be a victim of trafficking and carry that tier as well.
     *
     * Sensitivity: migration-status.
     */
    reason?: RemovalSuspensionReason;
    /**
     * Since when removal is suspended.
     *
     * Sensitivity: migration-status.
     */
    since?: NrxDate;
    /**
     * Until when removal is suspended, when an end is set.
     *
     * Sensitivity: migration-status.
     */
    until?: NrxDate;
  };
  /**
   * Applications about her stay that have been made and are not yet decided.
   *
   * Sensitivity: migration-status.
   *
   * @maxItems 10
   */
  pendingApplications?: {
    /**
     * What was applied for.
     *
     * Sensitivity: migration-status.
     */
    type: ResidenceApplication;
    /**
     * When the application was submitted.
     *
     * Sensitivity: migration-status.
     */
    submitted?: NrxDate;
    /**
     * The member that decides the application, when it is a federation member.
     *
     * Sensitivity: migration-status.
     */
    authority?: MemberId;
  }[];
  /**
   * When this status was recorded or last checked.
   *
   * Sensitivity: operational.
   */
  recordedAt?: DateTime;
  /**
   * Who recorded or last checked it.
   *
   * Sensitivity: operational.
   */
  recordedBy?: Actor;
};
/**
 * Her wish to return, stay or go elsewhere, and, when she chooses to return, the arrangements for a safe, voluntary return: the risk assessment, the stage reached, the destination, the provider in the country of return that receives her, travel and follow-up. Destination and travel details are location data: released as a region or a country where the recipient needs no more.
 */
export type ReturnPlan = {
  /**
   * What she wants, in her own decision.
   *
   * Sensitivity: operational.
   */
  wish: ReturnWish;
  /**
   * When she last stated her wish.
   *
   * Sensitivity: operational.
   */
  wishStatedOn?: NrxDate;
  /**
   * Her wish in her own words, when she wants it kept.
   *
   * Sensitivity: narrative.
   */
  wishInHerWords?: OwnWords;
  /**
   * The assessment of the risks of return for her and her family, which must be done before a return is prepared.
   *
   * Sensitivity: operational.
   */
  riskAssessment?: {
    /**
     * True when a return risk assessment has been made.
     *
     * Sensitivity: operational.
     */
    done: boolean;
    /**
     * When it was made.
     *
     * Sensitivity: operational.
     */
    date?: NrxDate;
    /**
     * When it must be reviewed, at the latest before travel.
     *
     * Sensitivity: operational.
     */
    nextReview?: NrxDate;
    /**
     * The identifier of the risk assessment record, for a recipient allowed to see it.
     *
     * Sensitivity: operational.
     */
    reference?: Uuid;
  };
  /**
   * Where the return stands.
   *
   * Sensitivity: operational.
   */
  stage?: ReturnStage;
  /**
   * Where she will return to: country and region, or a full address only when she wants it shared with the receiving provider.
   *
   * Sensitivity: location. May be released as: region, country-only.
   */
  destination?: Address;
  /**
   * The provider in the country of return that receives her. It points towards where she will be, so it is location data.
   *
   * Sensitivity: location.
   */
  handover?: {
    /**
     * The receiving member.
     *
     * Sensitivity: location.
     */
    member: MemberId;
    /**
     * The identifier of the receiving member's service, from the service directory.
     *
     * Sensitivity: location.
     */
    service?: string;
    /**
     * The referral that hands her over, so that its status updates can be followed.
     *
     * Sensitivity: operational.
     */
    referral?: Uuid;
    /**
     * True when the receiving provider has confirmed that it will receive her.
     *
     * Sensitivity: operational.
     */
    confirmed?: boolean;
  };
  /**
   * The journey. Date and escort tell where she will be and when, so the whole object is location data.
   *
   * Sensitivity: location.
   */
  travel?: {
    /**
     * The travel date.
     *
     * Sensitivity: location. May be released as: presence-only.
     */
    date?: NrxDate;
    /**
     * Who accompanies her.
     *
     * Sensitivity: location.
     */
    escort?: EscortType;
    /**
     * The member whose staff escort her, when any.
     *
     * Sensitivity: location.
     */
    escortedBy?: MemberId;
    /**
     * True when the receiving provider meets her on arrival.
     *
     * Sensitivity: location.
     */
    metOnArrival?: boolean;
  };
  /**
   * The follow-up contacts planned after her return, and which were made.
   *
   * Sensitivity: operational.
   *
   * @maxItems 24
   */
  followUp?: {
    /**
     * When the follow-up is due.
     *
     * Sensitivity: operational.
     */
    due: NrxDate;
    /**
     * The member responsible for it.
     *
     * Sensitivity: operational.
     */
    by: MemberId;
    /**
     * When it was made, once it has been.
     *
     * Sensitivity: operational.
     */
    done?: NrxDate;
  }[];
  /**
   * When this plan was recorded or last changed.
   *
   * Sensitivity: operational.
   */
  recordedAt?: DateTime;
  /**
   * Who recorded or last changed it.
   *
   * Sensitivity: operational.
   */
  recordedBy?: Actor;
};
/**
 * A service directory entry, aligned with Open Referral HSDS 3.0 (each property names the HSDS field it corresponds to): what a member provides, for whom, in which languages and areas, how to refer to it and whether it has a free place. Eligibility is stated honestly, including whether the service is conditional on cooperation with the authorities, so that such a condition can be seen and flagged. Where the place of a service may be disclosed is stated too: a shelter's is 'never', and its entry has no address at all; a referral names the service, never a shelter's address.
 */
export type Service = {
  /**
   * The document kind; always 'service'.
   *
   * Sensitivity: public.
   */
  kind: 'service';
  /**
   * The version of the standard this entry follows.
   *
   * Sensitivity: public.
   */
  specVersion: SpecVersion;
  /**
   * The service identifier, unique in the federation and named by referrals; conventionally the member identifier followed by a local code, for example RS/NGO/ATINA/reintegration (HSDS service.id).
   *
   * Sensitivity: public.
   */
  id: string;
  /**
   * The service's public name (HSDS service.name).
   *
   * Sensitivity: public.
   */
  name: string;
  /**
   * Another name the service is known by (HSDS service.alternate_name).
   *
   * Sensitivity: public.
   */
  alternateName?: string;
  /**
   * What the service provides, in plain words and without promising more than it does (HSDS service.description).
   *
   * Sensitivity: public.
   */
  description?: string;
  /**
   * The member that provides the service (HSDS service.organization_id).
   *
   * Sensitivity: public.
   */
  organization: MemberId;
  /**
   * Whether the service is provided now (HSDS service.status).
   *
   * Sensitivity: public.
   */
  status: ServiceStatus;
  /**
   * A short-term notice, for example a closure over holidays (HSDS service.alert).
   *
   * Sensitivity: public.
   */
  alert?: string;
  /**
   * The kinds of service provided (HSDS service.attributes linking to taxonomy_term).
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 50
   */
  categories: [ServiceCategory, ...ServiceCategory[]];
  /**
   * Who the service is for. States real conditions only; a condition that contradicts the standard's principles (such as requiring cooperation with the police) is stated so that it can be flagged, not hidden.
   *
   * Sensitivity: public.
   */
  eligibility: {
    /**
     * Who the service is for, in words (HSDS service.eligibility_description).
     *
     * Sensitivity: public.
     */
    description?: string;
    /**
     * The youngest age accepted (HSDS service.minimum_age).
     *
     * Sensitivity: public.
     */
    minimumAge?: number;
    /**
     * The oldest age accepted (HSDS service.maximum_age).
     *
     * Sensitivity: public.
     */
    maximumAge?: number;
    /**
     * True when children under 18 are accepted. No HSDS field.
     *
     * Sensitivity: public.
     */
    minorsAccepted?: boolean;
    /**
     * True when children without a parent or guardian present are accepted. No HSDS field.
     *
     * Sensitivity: public.
     */
    unaccompaniedMinorsAccepted?: boolean;
    /**
     * True when her children may come with her (for example to a shelter). No HSDS field.
     *
     * Sensitivity: public.
     */
    dependantsAccepted?: boolean;
    /**
     * The sexes accepted; absent means all. No HSDS field (HSDS puts this in eligibility_description).
     *
     * Sensitivity: public.
     *
     * @maxItems 4
     */
    sexes?: Sex[];
    /**
     * True when citizens of the service's country are accepted. No HSDS field.
     *
     * Sensitivity: public.
     */
    nationalsAccepted?: boolean;
    /**
     * True when foreign nationals and stateless persons are accepted, whatever their residence status. No HSDS field.
     *
     * Sensitivity: public.
     */
    foreignersAccepted?: boolean;
    /**
     * True when the service is only for persons formally identified as victims by the identifying body; false when presumed or potential victims are accepted too. No HSDS field.
     *
     * Sensitivity: public.
     */
    requiresFormalIdentification?: boolean;
    /**
     * True when an identity document is needed to use the service (HSDS required_document).
     *
     * Sensitivity: public.
     */
    requiresIdentityDocument?: boolean;
    /**
     * True when the service states that it is safe for and welcomes lesbian, gay, bisexual, trans, intersex and queer people, including in its accommodation. No HSDS field (HSDS puts this in eligibility_description).
     *
     * Sensitivity: public.
     */
    lgbtiqAffirming?: boolean;
    /**
     * True when persons with physical, sensory or intellectual disabilities can use the service, with the arrangements it needs. No HSDS field (HSDS location.accessibility describes a place only).
     *
     * Sensitivity: public.
     */
    disabilityAccessible?: boolean;
    /**
     * True when the provider makes the service conditional on her cooperation with the police or prosecutor. Assistance must never be; the directory flags every service where this is true. Always stated, so that silence cannot hide the condition. No HSDS field.
     *
     * Sensitivity: public.
     */
    conditionalOnCooperation: boolean;
    /**
     * Any further condition, in words (for example 'no active drug use in the shelter; referral to partner service offered'). Part of HSDS service.eligibility_description.
     *
     * Sensitivity: public.
     */
    otherConditions?: string;
  };
  /**
   * Languages staff speak, not counting interpretation (HSDS service.languages[].code).
   *
   * Sensitivity: public.
   *
   * @maxItems 30
   */
  languages?: LanguageTag[];
  /**
   * Interpretation available for people who speak none of the service's languages (HSDS service.interpretation_services).
   *
   * Sensitivity: public.
   */
  interpretation?: {
    /**
     * True when interpretation is provided.
     *
     * Sensitivity: public.
     */
    available: boolean;
    /**
     * Languages interpretation is available for; absent means any on request.
     *
     * Sensitivity: public.
     *
     * @maxItems 50
     */
    languages?: LanguageTag[];
    /**
     * How interpretation is provided (in person, by phone, with notice) (HSDS service.interpretation_services).
     *
     * Sensitivity: public.
     */
    description?: string;
  };
  /**
   * Where the service is available (HSDS service.service_areas).
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 50
   */
  serviceAreas: [
    {
      /**
       * The country covered (HSDS service_area.name, or uri for a coded area).
       *
       * Sensitivity: public.
       */
      country: Country;
      /**
       * The regions (first-level administrative units) covered; absent means the whole country (HSDS service_area.name).
       *
       * Sensitivity: public.
       *
       * @maxItems 100
       */
      regions?: string[];
      /**
       * Any further detail about the area (HSDS service_area.description).
       *
       * Sensitivity: public.
       */
      description?: string;
    },
    ...{
      /**
       * The country covered (HSDS service_area.name, or uri for a coded area).
       *
       * Sensitivity: public.
       */
      country: Country;
      /**
       * The regions (first-level administrative units) covered; absent means the whole country (HSDS service_area.name).
       *
       * Sensitivity: public.
       *
       * @maxItems 100
       */
      regions?: string[];
      /**
       * Any further detail about the area (HSDS service_area.description).
       *
       * Sensitivity: public.
       */
      description?: string;
    }[]
  ];
  /**
   * Which members may refer to the service through the federation; absent means every member. A member matches when it satisfies every list given. No HSDS field.
   *
   * Sensitivity: public.
   */
  acceptsReferralsFrom?: {
    /**
     * Member classes accepted.
     *
     * Sensitivity: public.
     *
     * @minItems 1
     * @maxItems 5
     */
    memberClasses?: [MemberClass, ...MemberClass[]];
    /**
     * Agency types accepted.
     *
     * Sensitivity: public.
     *
     * @minItems 1
     * @maxItems 50
     */
    agencyTypes?: [AgencyType, ...AgencyType[]];
    /**
     * Countries whose members may refer.
     *
     * Sensitivity: public.
     *
     * @minItems 1
     * @maxItems 250
     */
    countries?: [Country, ...Country[]];
    /**
     * True when she can also come or call directly, without a referral.
     *
     * Sensitivity: public.
     */
    selfReferral?: boolean;
  };
  /**
   * How to make a referral to the service (HSDS service.application_process, structured for the federation).
   *
   * Sensitivity: public.
   */
  howToRefer?: {
    /**
     * The gateway endpoint that receives referrals for the service; absent means the organisation's gateway from the member directory. No HSDS field.
     *
     * Sensitivity: public.
     */
    gateway?: string;
    /**
     * The purposes referrals to the service are accepted for. No HSDS field.
     *
     * Sensitivity: public.
     *
     * @minItems 1
     * @maxItems 10
     */
    purposes?: [Purpose, ...Purpose[]];
    /**
     * The steps, in words, including what happens after a referral is received (HSDS service.application_process).
     *
     * Sensitivity: public.
     */
    applicationProcess?: string;
    /**
     * How soon the service usually answers a referral, as an ISO 8601 duration of days, hours and minutes (for example PT4H). Replaces the deprecated HSDS service.wait_time.
     *
     * Sensitivity: public.
     */
    responseTime?: string;
  };
  /**
   * Places, for services that have them (shelter beds, programme places). Shared with members only, not published. No HSDS 3.0 field.
   *
   * Sensitivity: operational.
   */
  capacity?: {
    /**
     * All places.
     *
     * Sensitivity: operational.
     */
    placesTotal?: number;
    /**
     * Places free now.
     *
     * Sensitivity: operational.
     */
    placesFree: number;
    /**
     * When the figures were last updated; stale figures mislead.
     *
     * Sensitivity: operational.
     */
    updatedAt: DateTime;
  };
  /**
   * Whether the place where the service is provided may be disclosed: public, only once a referral is accepted, or never (a shelter). Only a public service has an address in the directory. No HSDS field.
   *
   * Sensitivity: public.
   */
  locationDisclosure: LocationDisclosure;
  /**
   * The public address where the service is provided, only when the location disclosure is public (HSDS location.addresses with location_type physical).
   *
   * Sensitivity: public.
   */
  address?: {
    /**
     * Street, number and further lines (HSDS address.address_1 and address_2).
     *
     * Sensitivity: public.
     */
    line?: string;
    /**
     * City, town or village (HSDS address.city).
     *
     * Sensitivity: public.
     */
    locality?: string;
    /**
     * Postal code (HSDS address.postal_code).
     *
     * Sensitivity: public.
     */
    postalCode?: string;
    /**
     * First-level administrative unit (HSDS address.state_province or region).
     *
     * Sensitivity: public.
     */
    region?: string;
    /**
     * Country (HSDS address.country).
     *
     * Sensitivity: public.
     */
    country: Country;
    /**
     * Access arrangements for people with disabilities (HSDS accessibility.description).
     *
     * Sensitivity: public.
     */
    accessibility?: string;
  };
  /**
   * When the service can be reached (HSDS service.schedules).
   *
   * Sensitivity: public.
   */
  hours?: {
    /**
     * True for a service available around the clock, every day, such as a helpline or shelter intake.
     *
     * Sensitivity: public.
     */
    alwaysOpen?: boolean;
    /**
     * The IANA time zone of the opening times, for example Europe/Belgrade (replaces HSDS schedule.timezone, a UTC offset).
     *
     * Sensitivity: public.
     */
    timeZone?: string;
    /**
     * Weekly opening times.
     *
     * Sensitivity: public.
     *
     * @maxItems 21
     */
    openings?: {
      /**
       * Days of the week, as RFC 5545 day codes (HSDS schedule.byday with freq WEEKLY).
       *
       * Sensitivity: public.
       *
       * @minItems 1
       * @maxItems 7
       */
      days: ['MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU', ...('MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU')[]];
      /**
       * Opening time, HH:MM local time (HSDS schedule.opens_at).
       *
       * Sensitivity: public.
       */
      opensAt: string;
      /**
       * Closing time, HH:MM local time (HSDS schedule.closes_at).
       *
       * Sensitivity: public.
       */
      closesAt: string;
    }[];
    /**
     * Anything else about availability, such as holiday closures (HSDS schedule.description).
     *
     * Sensitivity: public.
     */
    description?: string;
  };
  /**
   * Public contact for the service: never a staff member's private details or a shelter's address.
   *
   * Sensitivity: public.
   */
  contact?: {
    /**
     * A public phone number or helpline (HSDS service.phones[].number).
     *
     * Sensitivity: public.
     */
    phone?: string;
    /**
     * A public e-mail address (HSDS service.email).
     *
     * Sensitivity: public.
     */
    email?: string;
    /**
     * The service's web page (HSDS service.url).
     *
     * Sensitivity: public.
     */
    website?: string;
  };
  /**
   * What the service costs her (HSDS service.fees_description and cost_options).
   *
   * Sensitivity: public.
   */
  cost?: {
    /**
     * True when the service costs her nothing.
     *
     * Sensitivity: public.
     */
    free: boolean;
    /**
     * Any charges and who may cover them (HSDS service.fees_description).
     *
     * Sensitivity: public.
     */
    description?: string;
  };
  /**
   * When the entry was last checked as correct (HSDS service.assured_date).
   *
   * Sensitivity: public.
   */
  assuredDate?: NrxDate;
  /**
   * When the entry last changed (HSDS service.last_modified).
   *
   * Sensitivity: public.
   */
  lastModified?: DateTime;
};
/**
 * The list of a federation's members, issued and signed by the federation operator. A gateway loads it only after verifying the operator's signature (the list travels as the payload of a JWS), refuses a list whose sequence is lower than the one it holds, and treats a list past its next-update time as stale. Any member not on the list is unknown, and a message is trusted only if signed with a key the list publishes for its sender.
 */
export type TrustList = {
  /**
   * The document kind; always 'trust-list'.
   *
   * Sensitivity: public.
   */
  kind: 'trust-list';
  /**
   * The version of the standard this list follows.
   *
   * Sensitivity: public.
   */
  specVersion: SpecVersion;
  /**
   * The identifier of this issue of the list.
   *
   * Sensitivity: public.
   */
  id: Uuid;
  /**
   * The federation the list is for, for example 'NRX-SEE' for a regional federation or 'RS' for a national one.
   *
   * Sensitivity: public.
   */
  federation: string;
  /**
   * The issue number, rising with every issue, so that a gateway can refuse an older list replayed to it.
   *
   * Sensitivity: public.
   */
  sequence: number;
  /**
   * When the operator issued the list.
   *
   * Sensitivity: public.
   */
  issued: DateTime;
  /**
   * When the operator will issue the next list at the latest; after it the list is stale and gateways fetch a new one.
   *
   * Sensitivity: public.
   */
  nextUpdate: DateTime;
  /**
   * The member that operates the federation and signs the list; it also appears among the members with its keys.
   *
   * Sensitivity: public.
   */
  operator: MemberId;
  /**
   * The members of the federation, each once, suspended members included so that their messages are refused rather than unknown.
   *
   * Sensitivity: public.
   *
   * @minItems 1
   * @maxItems 10000
   */
  members: [Member, ...Member[]];
};
/**
 * The HTTP 200 answer to a peer-batch-request (spec/peer-protocol.md §5, since 1.2): one result per message of the request, in the same order. A refusal of the request as a whole (its gateway token, its shape, its size) is a peer-error answer instead, with the HTTP status of its code.
 */
export type PeerBatchAnswer = {
  /**
   * The outcome of each message: its receipt (with duplicate true when it had arrived before), or the error answer it would have had alone.
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 100
   */
  results: [PeerBatchAnswerAccepted | PeerError, ...(PeerBatchAnswerAccepted | PeerError)[]];
};
/**
 * A message stored (now or before): the receipt given for it.
 */
export type PeerBatchAnswerAccepted = {
  /**
   * The peer-receipt as a compact JWS signed by the recipient, the same bytes on every answer for that message.
   *
   * Sensitivity: operational.
   */
  receipt: string;
  /**
   * Present when the message had been accepted before: nothing was changed, the receipt is the one given then.
   *
   * Sensitivity: operational.
   */
  duplicate?: true;
};
/**
 * The body of POST {gateway}/peer/v1/message-batches (spec/peer-protocol.md §5, since 1.2): several signed messages for members hosted by the called gateway, referral, status and (since 1.3) consent withdrawal envelopes mixed, each judged on its own as if sent alone. The answer is a peer-batch-answer with one result per message, in the same order.
 */
export type PeerBatchRequest = {
  /**
   * The messages, each a compact JWS exactly as it would be sent alone (a peer-referral-envelope, a peer-status-envelope or a peer-consent-withdrawal-envelope, told apart by its typ header). A sender puts at most one message of a referral in a batch, so that each referral's messages keep their order.
   *
   * Sensitivity: operational.
   *
   * @minItems 1
   * @maxItems 100
   */
  messages: [string, ...string[]];
};
/**
 * The payload of a signed audit checkpoint (compact JWS, typ nrx-audit-checkpoint+jws; spec/peer-protocol.md, witnessed audit logs): the statement, signed by a gateway's member key, that its audit log had lastSeq entries, the last with chain hash lastHash. A peer that holds it can prove a later rewrite or fork of that log.
 */
export type PeerCheckpoint = {
  /**
   * The number of entries of the log, and the sequence number of its last entry.
   *
   * Sensitivity: operational.
   */
  lastSeq: number;
  /**
   * The SHA-256 chain hash of entry lastSeq, in lower-case hexadecimal.
   *
   * Sensitivity: operational.
   */
  lastHash: string;
  /**
   * When the checkpoint was signed.
   *
   * Sensitivity: operational.
   */
  at: DateTime;
  /**
   * The gateway whose log it attests: its member id, whose key in the trust list signs the checkpoint.
   *
   * Sensitivity: operational.
   */
  gateway: MemberId;
};
/**
 * The answer (HTTP 200) of POST {gateway}/directory/v1/search (spec/peer-protocol.md, the directory across gateways): the best matches of the answering gateway's own directory, at most the limit asked, best first, with the number of matches in all.
 */
export type PeerDirectoryAnswer = {
  /**
   * The answering gateway's member id.
   *
   * Sensitivity: public.
   */
  gateway: MemberId;
  /**
   * How many services match in all (more than the hits when the limit cut them).
   *
   * Sensitivity: public.
   */
  total: number;
  /**
   * The best matches, best first.
   *
   * Sensitivity: public.
   *
   * @maxItems 1000
   *
   * Items: One matching service.
   *
   * Sensitivity: public.
   */
  hits: {
    /**
     * How well it matches; higher is better. Scores are comparable only within one gateway's answer.
     *
     * Sensitivity: public.
     */
    score: number;
    /**
     * What a case worker should see before referring (conditional-on-cooperation, requires-formal-identification, no-free-place, capacity-stale).
     *
     * Sensitivity: public.
     *
     * @maxItems 20
     *
     * Items: A flag.
     *
     * Sensitivity: public.
     */
    flags: string[];
    /**
     * The service as the answering gateway publishes it.
     *
     * Sensitivity: public.
     */
    service: {
      /**
       * The service identifier; equal to document.id.
       *
       * Sensitivity: public.
       */
      id: string;
      /**
       * The member that provides it, one the answering gateway hosts; equal to document.organization.
       *
       * Sensitivity: public.
       */
      organization: MemberId;
      /**
       * When the answering gateway last stored it.
       *
       * Sensitivity: public.
       */
      updated: DateTime;
      /**
       * The service document.
       *
       * Sensitivity: public.
       */
      document: Service;
    };
  }[];
};
/**
 * The body of POST {gateway}/directory/v1/search (spec/peer-protocol.md, the directory across gateways): a gateway asks a peer's service directory for the best matches of a search, on behalf of the federated directory search of one of its members. Directory data is public tier; the call carries a gateway token.
 */
export type PeerDirectorySearch = {
  /**
   * The search.
   *
   * Sensitivity: operational.
   */
  query: {
    /**
     * Any of these service categories (codelists/service-category), each with everything below it in the taxonomy.
     *
     * Sensitivity: public.
     *
     * @maxItems 50
     *
     * Items: A service category code.
     *
     * Sensitivity: public.
     */
    categories?: string[];
    /**
     * Services in this country (ISO 3166-1 alpha-2).
     *
     * Sensitivity: public.
     */
    country?: string;
    /**
     * Services covering this first-level region (a service covering the whole country matches too).
     *
     * Sensitivity: public.
     */
    region?: string;
    /**
     * Services whose staff speak this language, or that cover it with interpretation (BCP 47 tag).
     *
     * Sensitivity: public.
     */
    language?: string;
    /**
     * Only this member's services (a member id).
     *
     * Sensitivity: public.
     */
    organization?: string;
    /**
     * Profiles the service must be eligible for, every one of them.
     *
     * Sensitivity: public.
     *
     * @maxItems 6
     *
     * Items: An eligibility profile.
     *
     * Sensitivity: public.
     */
    eligibility?: ('adult-man' | 'woman' | 'child' | 'family-with-children' | 'lgbtiq' | 'disability')[];
    /**
     * When true, only services active now and with a free place when they count places.
     *
     * Sensitivity: public.
     */
    available?: boolean;
    /**
     * The member the search is made for, as the trust list describes it: only services it may refer to are found.
     *
     * Sensitivity: operational.
     */
    referrer?: {
      /**
       * The member's id.
       *
       * Sensitivity: operational.
       */
      id: MemberId;
      /**
       * Its country (ISO 3166-1 alpha-2).
       *
       * Sensitivity: operational.
       */
      country: string;
      /**
       * Its member class (GOV, NGO, IO, COM, EDU).
       *
       * Sensitivity: operational.
       */
      memberClass: string;
      /**
       * Its agency type, as the trust list gives it.
       *
       * Sensitivity: operational.
       */
      agencyType: string;
    };
  };
  /**
   * How many of the best matches to return at most (the asker wants offset + first of its own page).
   *
   * Sensitivity: operational.
   */
  limit: number;
};
