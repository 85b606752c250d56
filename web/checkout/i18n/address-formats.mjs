// Addresses of other countries: per country the postal code's label, pattern and an
// example, the region list (or none) with its label, and the order of the form's
// fields. Pure data and pure functions; labels are message keys of ./locales.
//
// This table is the one source: tools/gen-address-formats.mjs writes it as
// tests/address/address-formats.json (with the valid and invalid examples below)
// for any other side that validates postal codes (the core or the server), and
// e2e/unit/address-formats.test.mjs fails when that copy is stale.
import { normalizeDigits } from './digits.mjs';

// Field names of the address form, in the widget's terms.
export const FIELDS = Object.freeze(['name', 'street', 'apartment', 'city', 'region', 'postal_code']);

const US_STATES = [
  ['AL', 'Alabama'], ['AK', 'Alaska'], ['AZ', 'Arizona'], ['AR', 'Arkansas'], ['CA', 'California'], ['CO', 'Colorado'],
  ['CT', 'Connecticut'], ['DE', 'Delaware'], ['DC', 'District of Columbia'], ['FL', 'Florida'], ['GA', 'Georgia'],
  ['HI', 'Hawaii'], ['ID', 'Idaho'], ['IL', 'Illinois'], ['IN', 'Indiana'], ['IA', 'Iowa'], ['KS', 'Kansas'],
  ['KY', 'Kentucky'], ['LA', 'Louisiana'], ['ME', 'Maine'], ['MD', 'Maryland'], ['MA', 'Massachusetts'],
  ['MI', 'Michigan'], ['MN', 'Minnesota'], ['MS', 'Mississippi'], ['MO', 'Missouri'], ['MT', 'Montana'],
  ['NE', 'Nebraska'], ['NV', 'Nevada'], ['NH', 'New Hampshire'], ['NJ', 'New Jersey'], ['NM', 'New Mexico'],
  ['NY', 'New York'], ['NC', 'North Carolina'], ['ND', 'North Dakota'], ['OH', 'Ohio'], ['OK', 'Oklahoma'],
  ['OR', 'Oregon'], ['PA', 'Pennsylvania'], ['RI', 'Rhode Island'], ['SC', 'South Carolina'], ['SD', 'South Dakota'],
  ['TN', 'Tennessee'], ['TX', 'Texas'], ['UT', 'Utah'], ['VT', 'Vermont'], ['VA', 'Virginia'], ['WA', 'Washington'],
  ['WV', 'West Virginia'], ['WI', 'Wisconsin'], ['WY', 'Wyoming'],
];
const CA_PROVINCES = [
  ['AB', 'Alberta'], ['BC', 'British Columbia'], ['MB', 'Manitoba'], ['NB', 'New Brunswick'],
  ['NL', 'Newfoundland and Labrador'], ['NS', 'Nova Scotia'], ['NT', 'Northwest Territories'], ['NU', 'Nunavut'],
  ['ON', 'Ontario'], ['PE', 'Prince Edward Island'], ['QC', 'Quebec'], ['SK', 'Saskatchewan'], ['YT', 'Yukon'],
];
// ISO 3166-2:AM; names as Armenians write them.
const AM_MARZER = [
  ['ER', 'Yerevan', 'Երևան'], ['AG', 'Aragatsotn', 'Արագածոտն'], ['AR', 'Ararat', 'Արարատ'], ['AV', 'Armavir', 'Արմավիր'],
  ['GR', 'Gegharkunik', 'Գեղարքունիք'], ['KT', 'Kotayk', 'Կոտայք'], ['LO', 'Lori', 'Լոռի'], ['SH', 'Shirak', 'Շիրակ'],
  ['SU', 'Syunik', 'Սյունիք'], ['TV', 'Tavush', 'Տավուշ'], ['VD', 'Vayots Dzor', 'Վայոց ձոր'],
];
// ISO 3166-2:CN (2017 codes), the 31 mainland province-level divisions.
const CN_PROVINCES = [
  ['BJ', 'Beijing', '北京市'], ['TJ', 'Tianjin', '天津市'], ['HE', 'Hebei', '河北省'], ['SX', 'Shanxi', '山西省'],
  ['NM', 'Inner Mongolia', '内蒙古自治区'], ['LN', 'Liaoning', '辽宁省'], ['JL', 'Jilin', '吉林省'], ['HL', 'Heilongjiang', '黑龙江省'],
  ['SH', 'Shanghai', '上海市'], ['JS', 'Jiangsu', '江苏省'], ['ZJ', 'Zhejiang', '浙江省'], ['AH', 'Anhui', '安徽省'],
  ['FJ', 'Fujian', '福建省'], ['JX', 'Jiangxi', '江西省'], ['SD', 'Shandong', '山东省'], ['HA', 'Henan', '河南省'],
  ['HB', 'Hubei', '湖北省'], ['HN', 'Hunan', '湖南省'], ['GD', 'Guangdong', '广东省'], ['GX', 'Guangxi', '广西壮族自治区'],
  ['HI', 'Hainan', '海南省'], ['CQ', 'Chongqing', '重庆市'], ['SC', 'Sichuan', '四川省'], ['GZ', 'Guizhou', '贵州省'],
  ['YN', 'Yunnan', '云南省'], ['XZ', 'Tibet', '西藏自治区'], ['SN', 'Shaanxi', '陕西省'], ['GS', 'Gansu', '甘肃省'],
  ['QH', 'Qinghai', '青海省'], ['NX', 'Ningxia', '宁夏回族自治区'], ['XJ', 'Xinjiang', '新疆维吾尔自治区'],
];
// ISO 3166-2:IR, the 31 provinces (ostan).
const IR_PROVINCES = [
  ['01', 'East Azerbaijan', 'آذربایجان شرقی'], ['02', 'West Azerbaijan', 'آذربایجان غربی'], ['03', 'Ardabil', 'اردبیل'],
  ['04', 'Isfahan', 'اصفهان'], ['05', 'Ilam', 'ایلام'], ['06', 'Bushehr', 'بوشهر'], ['07', 'Tehran', 'تهران'],
  ['08', 'Chaharmahal and Bakhtiari', 'چهارمحال و بختیاری'], ['09', 'Razavi Khorasan', 'خراسان رضوی'],
  ['10', 'Khuzestan', 'خوزستان'], ['11', 'Zanjan', 'زنجان'], ['12', 'Semnan', 'سمنان'], ['13', 'Sistan and Baluchestan', 'سیستان و بلوچستان'],
  ['14', 'Fars', 'فارس'], ['15', 'Kerman', 'کرمان'], ['16', 'Kurdistan', 'کردستان'], ['17', 'Kermanshah', 'کرمانشاه'],
  ['18', 'Kohgiluyeh and Boyer-Ahmad', 'کهگیلویه و بویراحمد'], ['19', 'Gilan', 'گیلان'], ['20', 'Lorestan', 'لرستان'],
  ['21', 'Mazandaran', 'مازندران'], ['22', 'Markazi', 'مرکزی'], ['23', 'Hormozgan', 'هرمزگان'], ['24', 'Hamadan', 'همدان'],
  ['25', 'Yazd', 'یزد'], ['26', 'Qom', 'قم'], ['27', 'Golestan', 'گلستان'], ['28', 'Qazvin', 'قزوین'],
  ['29', 'South Khorasan', 'خراسان جنوبی'], ['30', 'Alborz', 'البرز'], ['31', 'North Khorasan', 'خراسان شمالی'],
];
const regions = (list) => list.map(([code, name, local]) => (local ? { code, name, local } : { code, name }));

// pattern: an ECMAScript regular expression (no flags, no lookaround, so C++ std::regex
// reads it too) over the normal form of normalizePostalCode().
export const ADDRESS_FORMATS = Object.freeze({
  US: {
    postal: { label: 'address.postal.zip', pattern: '^[0-9]{5}(-[0-9]{4})?$', example: '10013',
      valid: ['10013', '94103-1234', '00501'], invalid: ['1001', '100133', '10013-12', 'ABCDE', '10013 1234'] },
    region: { label: 'address.region.state', required: true, list: regions(US_STATES) },
    order: ['name', 'street', 'apartment', 'city', 'region', 'postal_code'],
  },
  CA: {
    postal: { label: 'address.postal.postal_code', pattern: '^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] [0-9][ABCEGHJ-NPRSTV-Z][0-9]$', example: 'K1A 0B1',
      valid: ['K1A 0B1', 'k1a0b1', 'M5V 3L9', 'H2X 1Y4'], invalid: ['D1A 0B1', 'K1A0B', '12345', 'K1A 0O1', 'W1A 0B1'] },
    region: { label: 'address.region.province', required: true, list: regions(CA_PROVINCES) },
    order: ['name', 'street', 'apartment', 'city', 'region', 'postal_code'],
  },
  GB: {
    postal: { label: 'address.postal.postcode', pattern: '^([A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|GIR 0AA)$', example: 'SW1A 1AA',
      valid: ['SW1A 1AA', 'sw1a1aa', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'EC1A 1BB'], invalid: ['SW1A', '12345', 'SW1A 1A', 'ABC1 1AA', '1AA 1AA'] },
    region: null,
    order: ['name', 'street', 'apartment', 'city', 'postal_code'],
  },
  DE: {
    postal: { label: 'address.postal.postal_code', pattern: '^[0-9]{5}$', example: '10115',
      valid: ['10115', '01067', '８０３３１'], invalid: ['1011', '101155', 'D-10115', '10 115'] },
    region: null,
    order: ['name', 'street', 'apartment', 'postal_code', 'city'],
  },
  PL: {
    postal: { label: 'address.postal.postal_code', pattern: '^[0-9]{2}-[0-9]{3}$', example: '00-950',
      valid: ['00-950', '31-021', '９０－００１'], invalid: ['00950', '0-950', '00-95', '00 950', 'AB-123'] },
    region: null,
    order: ['name', 'street', 'apartment', 'postal_code', 'city'],
  },
  AM: {
    postal: { label: 'address.postal.postal_code', pattern: '^[0-9]{4}$', example: '0010',
      valid: ['0010', '3101', '٠٠١٠'], invalid: ['010', '00100', 'AM0010', '00-10'] },
    region: { label: 'address.region.marz', required: true, list: regions(AM_MARZER) },
    order: ['name', 'street', 'apartment', 'postal_code', 'city', 'region'],
  },
  CN: {
    postal: { label: 'address.postal.postal_code', pattern: '^[0-9]{6}$', example: '100000',
      valid: ['100000', '200120', '５１０６２０'], invalid: ['10000', '1000000', '100-000', 'ABCDEF'] },
    region: { label: 'address.region.cn_province', required: true, list: regions(CN_PROVINCES) },
    order: ['postal_code', 'region', 'city', 'street', 'apartment', 'name'],
  },
  IR: {
    postal: { label: 'address.postal.postal_code', pattern: '^[0-9]{5}-?[0-9]{5}$', example: '1193653471',
      valid: ['1193653471', '11936-53471', '۱۱۹۳۶۵۳۴۷۱'], invalid: ['119365347', '11936534711', '1193-653471', 'ABCDE12345'] },
    region: { label: 'address.region.ir_province', required: true, list: regions(IR_PROVINCES) },
    order: ['region', 'city', 'street', 'apartment', 'postal_code', 'name'],
  },
});

// The format of a country; null for a country this table does not know
// (the form then asks for a free postal code and no region).
export function addressFormat(country, table = ADDRESS_FORMATS) {
  return table[String(country ?? '').toUpperCase()] ?? null;
}

// What the shopper typed -> the form the pattern reads: ASCII digits, upper case,
// spaces trimmed and runs of spaces made one; for CA and GB the space before the
// last three characters added when it was left out ("sw1a1aa" -> "SW1A 1AA").
export function normalizePostalCode(country, text) {
  let s = normalizeDigits(text).trim().replace(/\s+/g, ' ').toUpperCase();
  const c = String(country ?? '').toUpperCase();
  if ((c === 'CA' || c === 'GB') && !s.includes(' ') && s.length > 3) s = `${s.slice(0, -3)} ${s.slice(-3)}`;
  return s;
}

// { ok: true, value } with the normal form, or { ok: false, reason: "missing" | "pattern", example }.
export function checkPostalCode(country, text, table = ADDRESS_FORMATS) {
  const value = normalizePostalCode(country, text);
  const format = addressFormat(country, table);
  if (!value) return { ok: false, reason: 'missing', example: format?.postal.example ?? '' };
  if (!format) return { ok: true, value };
  return new RegExp(format.postal.pattern).test(value)
    ? { ok: true, value }
    : { ok: false, reason: 'pattern', example: format.postal.example };
}

// Is `code` a region of the country's list (or does the country have no list)?
export function checkRegion(country, code, table = ADDRESS_FORMATS) {
  const region = addressFormat(country, table)?.region;
  if (!region) return true;
  if (!code) return !region.required;
  return region.list.some((r) => r.code === code);
}

// The form's fields in the country's order (the default order for an unknown country).
export function fieldOrder(country, table = ADDRESS_FORMATS) {
  return addressFormat(country, table)?.order ?? ['name', 'street', 'apartment', 'city', 'region', 'postal_code'];
}
