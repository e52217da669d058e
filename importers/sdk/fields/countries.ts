/**
 * Country names and codes to ISO 3166-1 alpha-2. Covers the EU, the rest of Europe we see, North America, the
 * Maghreb and francophone Africa: codes (alpha-2, alpha-3) plus English, French and native names. Matching ignores
 * case, accents, punctuation and a leading article ("la France", "the Netherlands").
 */

// alpha-2: [alpha-3, ...names]
const COUNTRIES: Record<string, string[]> = {
  AT: ['AUT', 'Austria', 'Autriche', 'Österreich'],
  BE: ['BEL', 'Belgium', 'Belgique', 'België', 'Belgien'],
  BG: ['BGR', 'Bulgaria', 'Bulgarie'],
  HR: ['HRV', 'Croatia', 'Croatie', 'Hrvatska'],
  CY: ['CYP', 'Cyprus', 'Chypre'],
  CZ: ['CZE', 'Czech Republic', 'Czechia', 'République tchèque', 'Tchéquie', 'Česko'],
  DK: ['DNK', 'Denmark', 'Danemark', 'Danmark'],
  EE: ['EST', 'Estonia', 'Estonie', 'Eesti'],
  FI: ['FIN', 'Finland', 'Finlande', 'Suomi'],
  FR: ['FRA', 'France', 'République française'],
  DE: ['DEU', 'Germany', 'Allemagne', 'Deutschland'],
  GR: ['GRC', 'Greece', 'Grèce', 'Hellas', 'Ελλάδα'],
  HU: ['HUN', 'Hungary', 'Hongrie', 'Magyarország'],
  IE: ['IRL', 'Ireland', 'Irlande', 'Éire'],
  IT: ['ITA', 'Italy', 'Italie', 'Italia'],
  LV: ['LVA', 'Latvia', 'Lettonie', 'Latvija'],
  LT: ['LTU', 'Lithuania', 'Lituanie', 'Lietuva'],
  LU: ['LUX', 'Luxembourg', 'Luxemburg', 'Lëtzebuerg'],
  MT: ['MLT', 'Malta', 'Malte'],
  NL: ['NLD', 'Netherlands', 'Pays-Bas', 'Nederland', 'Holland', 'Hollande'],
  PL: ['POL', 'Poland', 'Pologne', 'Polska'],
  PT: ['PRT', 'Portugal'],
  RO: ['ROU', 'Romania', 'Roumanie', 'România'],
  SK: ['SVK', 'Slovakia', 'Slovaquie', 'Slovensko'],
  SI: ['SVN', 'Slovenia', 'Slovénie', 'Slovenija'],
  ES: ['ESP', 'Spain', 'Espagne', 'España'],
  SE: ['SWE', 'Sweden', 'Suède', 'Sverige'],
  CH: ['CHE', 'Switzerland', 'Suisse', 'Schweiz', 'Svizzera', 'Confédération suisse'],
  GB: ['GBR', 'United Kingdom', 'Royaume-Uni', 'UK', 'Great Britain', 'Grande-Bretagne', 'England', 'Angleterre', 'Scotland', 'Écosse', 'Wales'],
  NO: ['NOR', 'Norway', 'Norvège', 'Norge'],
  IS: ['ISL', 'Iceland', 'Islande'],
  MC: ['MCO', 'Monaco'],
  AD: ['AND', 'Andorra', 'Andorre'],
  LI: ['LIE', 'Liechtenstein'],
  US: ['USA', 'United States', 'United States of America', 'États-Unis', "États-Unis d'Amérique", 'US', 'Amérique'],
  CA: ['CAN', 'Canada'],
  MX: ['MEX', 'Mexico', 'Mexique', 'México'],
  BR: ['BRA', 'Brazil', 'Brésil', 'Brasil'],
  MA: ['MAR', 'Morocco', 'Maroc'],
  TN: ['TUN', 'Tunisia', 'Tunisie'],
  DZ: ['DZA', 'Algeria', 'Algérie'],
  SN: ['SEN', 'Senegal', 'Sénégal'],
  CI: ['CIV', "Côte d'Ivoire", 'Ivory Coast'],
  CM: ['CMR', 'Cameroon', 'Cameroun'],
  MU: ['MUS', 'Mauritius', 'Maurice', 'Île Maurice'],
  MG: ['MDG', 'Madagascar'],
  EG: ['EGY', 'Egypt', 'Égypte'],
  ZA: ['ZAF', 'South Africa', 'Afrique du Sud'],
  TR: ['TUR', 'Turkey', 'Türkiye', 'Turquie'],
  UA: ['UKR', 'Ukraine'],
  RS: ['SRB', 'Serbia', 'Serbie'],
  IL: ['ISR', 'Israel', 'Israël'],
  AE: ['ARE', 'United Arab Emirates', 'Émirats arabes unis', 'UAE'],
  IN: ['IND', 'India', 'Inde'],
  CN: ['CHN', 'China', 'Chine'],
  JP: ['JPN', 'Japan', 'Japon'],
  SG: ['SGP', 'Singapore', 'Singapour'],
  AU: ['AUS', 'Australia', 'Australie'],
};

function key(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(la|le|les|l|the)\s+/, '');
}

/** Region subtags ICU names that are not countries, or that ISO calls something else (UK is GB). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'AC', 'CP', 'DG', 'EA', 'IC', 'TA', 'UK']);

/**
 * Every other ISO alpha-2 code with its English and French names, from the ICU data Node ships: the table above
 * only has to hold alpha-3 codes, native names and aliases. Deprecated codes (YU, ZR) are left out.
 */
function icuCountries(): [string, string[]][] {
  const en = new Intl.DisplayNames(['en'], { type: 'region' });
  const fr = new Intl.DisplayNames(['fr'], { type: 'region' });
  const out: [string, string[]][] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = en.of(code);
      if (!name || name === code || NOT_COUNTRIES.has(code)) continue;
      if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
      out.push([code, [name, fr.of(code) ?? name]]);
    }
  }
  return out;
}

/**
 * The table above by key, then ICU's names by key, each built on first use: ICU's costs ≈ 20 ms, which a compartment
 * (a fresh process per extraction, README "Fleet") would otherwise pay at start whether or not its run reads a
 * country. The table above wins over ICU's names, so a key it knows never needs ICU's.
 */
let explicit: Map<string, string> | null = null;
let icu: Map<string, string> | null = null;

function byKey(entries: Iterable<[string, string[]]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [alpha2, names] of entries) {
    map.set(key(alpha2), alpha2);
    for (const name of names) map.set(key(name), alpha2);
  }
  return map;
}

/** The ISO alpha-2 code for a code or name, or null when the table does not know it. */
export function toCountryCode(value: string): string | null {
  const k = key(value);
  if (k === '') return null;
  explicit ??= byKey(Object.entries(COUNTRIES));
  const known = explicit.get(k);
  if (known) return known;
  icu ??= byKey(icuCountries());
  return icu.get(k) ?? null;
}
