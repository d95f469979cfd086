import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { ORG_KINDS, SafeName, SafeText, type OrgKind } from '@brygga/common';

/** Swedish phone numbers: +46 or 0, then 6–12 digits with optional spaces or dashes. */
const PHONE = /^(\+46|0)[\d\s-]{6,15}$/;
const PHONE_MESSAGE = { message: 'måste vara ett telefonnummer (t.ex. 0498-26 80 00 eller +46 498 26 80 00)' };
/** Swedish postal codes: five digits, often written "621 84". */
const POSTAL_CODE = /^\d{3} ?\d{2}$/;

class Folkbokforingsadress {
  /** Protected address (skyddad folkbokföring): the address itself is never stored. */
  @IsBoolean() skyddad: boolean;
  @ValidateIf((o: Folkbokforingsadress) => !o.skyddad) @SafeName(200) gatuadress?: string;
  @ValidateIf((o: Folkbokforingsadress) => !o.skyddad)
  @Matches(POSTAL_CODE, { message: 'måste vara ett postnummer (fem siffror, t.ex. 621 84)' })
  postnummer?: string;
  @ValidateIf((o: Folkbokforingsadress) => !o.skyddad) @SafeName(100) ort?: string;
}

class Narstaende {
  @SafeName(200) namn: string;
  @SafeName(100) relation: string;
  @Matches(PHONE, PHONE_MESSAGE) telefon: string;
  /** Whether the närstående has been told of the planned discharge. */
  @IsBoolean() informerad: boolean;
}

class NarstaendeLista {
  @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => Narstaende) personer: Narstaende[];
}

class Samtycke {
  @IsIn(['givet', 'ej_givet', 'kan_ej_ta_stallning'], { message: 'måste vara givet, ej_givet eller kan_ej_ta_stallning' })
  status: 'givet' | 'ej_givet' | 'kan_ej_ta_stallning';
  /** The kinds of organisation the consent covers. */
  @ValidateIf((o: Samtycke) => o.status === 'givet')
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(ORG_KINDS, { each: true })
  organisationer?: OrgKind[];
}

class FastVardkontakt {
  @SafeName(200) namn: string;
  @SafeName(200) enhet: string;
  @Matches(PHONE, PHONE_MESSAGE) telefon: string;
}

class StodForeInskrivning {
  @SafeText({ max: 2000, multiline: true }) beskrivning: string;
}

class Telefon {
  @Matches(PHONE, PHONE_MESSAGE) telefon: string;
}

class AnsvarigHandlaggare {
  @SafeName(200) namn: string;
  @Matches(PHONE, PHONE_MESSAGE) telefon: string;
}

interface FactRule {
  label: string;
  value: new () => object;
  /** The organisation kind that owns the fact and alone may set it. */
  ownedBy: OrgKind;
}

/** The facts the law and the receivers need, each owned by the organisation that knows it. */
export const THREAD_FACTS = {
  folkbokforingsadress: { label: 'Folkbokföringsadress', value: Folkbokforingsadress, ownedBy: 'slutenvard' },
  narstaende: { label: 'Närstående', value: NarstaendeLista, ownedBy: 'slutenvard' },
  samtycke: { label: 'Samtycke till informationsöverföring', value: Samtycke, ownedBy: 'slutenvard' },
  avdelningens_telefon: { label: 'Avdelningens telefon', value: Telefon, ownedBy: 'slutenvard' },
  fast_vardkontakt: { label: 'Fast vårdkontakt', value: FastVardkontakt, ownedBy: 'primarvard' },
  stod_fore_inskrivning: { label: 'Stöd före inskrivningen', value: StodForeInskrivning, ownedBy: 'sof' },
  ansvarig_handlaggare: { label: 'Ansvarig handläggare', value: AnsvarigHandlaggare, ownedBy: 'sof' },
} satisfies Record<string, FactRule>;

export type FactKey = keyof typeof THREAD_FACTS;
export const FACT_KEYS = Object.keys(THREAD_FACTS) as FactKey[];

export function factRule(key: FactKey): FactRule {
  return THREAD_FACTS[key] as FactRule;
}
