#!/usr/bin/env node
// Generates the two demo merchants the server ships with:
//   server-stub/data/demo/catalog.json      Northwind Outfitters (USD, tax added at checkout)
//   server-stub/data/vat-demo/catalog.json  Hafen & Co. (EUR, VAT-inclusive prices)
// Deterministic: a fixed-seed PRNG and no clock, so re-running gives the same
// bytes and the committed files can be checked against this script
// (`node tools/gen-demo-data.mjs --check`). No dependencies.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

// mulberry32: tiny, fast, and the same on every node version.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261122);
const randInt = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rand() * list.length)];
const pickSome = (list, n) => {
  const copy = [...list];
  const out = [];
  while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]);
  return out;
};
const slug = (s) => s.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const code = (s) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '');
// Retail prices: whole dollars ending in 0 or 5, or .99 / .95 endings.
const retail = (lo, hi) => {
  const dollars = randInt(lo, hi);
  const ending = pick([0, 0, 0, 95, 99]);
  return ending === 0 ? Math.round(dollars / 5) * 500 : dollars * 100 + ending - 100;
};
const sortObject = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));

// ---------------------------------------------------------------- Northwind

const SERIES = ['Alder', 'Aurora', 'Cascade', 'Granite', 'Harbor', 'Juniper', 'Prairie', 'Ridge', 'Summit', 'Tidewater',
  'Cedar', 'Bluebird', 'Canyon', 'Driftwood', 'Evergreen', 'Fieldstone'];
const COLOURS = ['Black', 'Navy', 'Heather Grey', 'Forest', 'Rust', 'Oatmeal', 'Slate Blue', 'Olive', 'Burgundy',
  'Charcoal', 'Sand', 'Sky'];
const TOPS = ['XS', 'S', 'M', 'L', 'XL'];
const WAISTS = ['30', '32', '34', '36'];
const SHOE_SIZES = ['7', '8', '9', '10', '11', '12'];

// One product type: how many products of it to make, price and weight
// ranges, categories and the variant axes.
const TYPES = [
  { name: 'Crew Tee', count: 8, price: [22, 34], weight: 180, cats: ['apparel', 'tops', 'tees'], sizes: TOPS, colours: 2,
    desc: 'Soft midweight cotton jersey with a relaxed fit that holds its shape wash after wash.' },
  { name: 'Pocket Tee', count: 5, price: [26, 36], weight: 190, cats: ['apparel', 'tops', 'tees'], sizes: TOPS, colours: 3,
    desc: 'A heavyweight tee with a chest pocket and a boxy, easy fit.' },
  { name: 'Long-Sleeve Henley', count: 5, price: [38, 52], weight: 260, cats: ['apparel', 'tops'], sizes: TOPS, colours: 2,
    desc: 'Waffle-knit henley with a three-button placket; layers under anything.' },
  { name: 'Flannel Shirt', count: 6, price: [54, 78], weight: 420, cats: ['apparel', 'tops'], sizes: TOPS, colours: 2,
    desc: 'Brushed cotton flannel in a classic plaid, double-needle stitched.' },
  { name: 'Pullover Hoodie', count: 6, price: [58, 79], weight: 560, cats: ['apparel', 'tops', 'fleece'], sizes: TOPS, colours: 3,
    desc: 'Loopback French terry hoodie with a lined hood and kangaroo pocket.' },
  { name: 'Quarter-Zip Fleece', count: 5, price: [69, 99], weight: 420, cats: ['apparel', 'fleece', 'outerwear'], sizes: TOPS, colours: 2,
    desc: 'Recycled grid fleece that breathes on the climb and warms on the summit.' },
  { name: 'Rain Shell', count: 5, price: [119, 189], weight: 380, cats: ['apparel', 'outerwear'], sizes: TOPS, colours: 2,
    desc: 'Waterproof, breathable 2.5-layer shell with pit zips and a helmet-compatible hood.' },
  { name: 'Down Puffer Jacket', count: 5, price: [179, 279], weight: 520, cats: ['apparel', 'outerwear'], sizes: TOPS, colours: 2,
    desc: '650-fill responsibly sourced down in a packable, water-resistant shell.' },
  { name: 'Insulated Vest', count: 4, price: [89, 129], weight: 300, cats: ['apparel', 'outerwear'], sizes: TOPS, colours: 2,
    desc: 'Synthetic insulation that stays warm when damp; packs into its own pocket.' },
  { name: 'Merino Base Layer', count: 4, price: [69, 95], weight: 200, cats: ['apparel', 'tops', 'base-layers'], sizes: TOPS, colours: 2,
    desc: '200 g/m² merino wool: warm, odour-resistant, itch-free.' },
  { name: 'Chino Pants', count: 5, price: [59, 85], weight: 480, cats: ['apparel', 'bottoms'], sizes: WAISTS, colours: 2,
    desc: 'Stretch cotton twill chinos with a gusseted crotch.' },
  { name: 'Hiking Pants', count: 5, price: [79, 109], weight: 400, cats: ['apparel', 'bottoms'], sizes: WAISTS, colours: 2,
    desc: 'Quick-dry nylon pants with articulated knees and zip pockets.' },
  { name: 'Trail Shorts', count: 5, price: [45, 65], weight: 220, cats: ['apparel', 'bottoms'], sizes: WAISTS, colours: 2,
    desc: '7-inch inseam shorts in a light ripstop that dries in minutes.' },
  { name: 'Wool Hiking Socks', count: 6, price: [18, 26], weight: 90, cats: ['apparel', 'socks'], sizes: ['S', 'M', 'L'], colours: 2,
    desc: 'Cushioned merino-blend socks with a seamless toe.' },
  { name: 'Everyday Crew Socks 3-Pack', count: 4, price: [20, 28], weight: 150, cats: ['apparel', 'socks'], sizes: ['S', 'M', 'L'], colours: 1,
    desc: 'Three pairs of combed-cotton crew socks for every day.' },
  { name: 'Knit Beanie', count: 5, price: [24, 36], weight: 90, cats: ['apparel', 'accessories'], colours: 3,
    desc: 'Rib-knit beanie in a wool blend; one size fits most.' },
  { name: 'Fleece Gloves', count: 3, price: [28, 39], weight: 80, cats: ['apparel', 'accessories'], sizes: ['S/M', 'L/XL'], colours: 1,
    desc: 'Touchscreen-friendly fleece gloves with a grippy palm.' },
  { name: 'Hiking Boot', count: 5, price: [149, 219], weight: 1300, cats: ['footwear', 'boots'], sizes: SHOE_SIZES, colours: 2,
    desc: 'Waterproof leather boot with a Vibram sole and a cushioned midsole.' },
  { name: 'Trail Runner', count: 5, price: [119, 169], weight: 700, cats: ['footwear'], sizes: SHOE_SIZES, colours: 2,
    desc: 'Light, grippy trail shoe with a rock plate for technical terrain.' },
  { name: 'Camp Moc', count: 3, price: [69, 99], weight: 600, cats: ['footwear'], sizes: SHOE_SIZES, colours: 1,
    desc: 'Quilted slip-on for the campsite and the couch.' },
  { name: 'Rain Boot', count: 3, price: [89, 129], weight: 1400, cats: ['footwear', 'boots'], sizes: SHOE_SIZES, colours: 1,
    desc: 'Hand-poured natural rubber boot with a warm lining.' },
  { name: 'Sport Sandal', count: 3, price: [59, 89], weight: 500, cats: ['footwear'], sizes: SHOE_SIZES, colours: 1,
    desc: 'River-ready sandal with adjustable straps and a grippy outsole.' },
  { name: 'Enamel Camp Mug', count: 5, price: [16, 24], weight: 250, cats: ['home', 'kitchen'], colours: 3,
    desc: 'Steel mug with a glossy enamel finish; 12 oz.' },
  { name: 'Wool Throw Blanket', count: 4, price: [99, 149], weight: 1500, cats: ['home', 'textiles'], colours: 2,
    desc: 'Woven from Oregon wool; 50 x 70 inches.' },
  { name: 'Soy Candle', count: 4, price: [24, 34], weight: 450, cats: ['home'], scents: ['Campfire', 'Cedar & Sage', 'Sea Salt', 'Pine Needle'],
    desc: 'Hand-poured soy wax candle with a cotton wick; 50-hour burn.' },
  { name: 'Canvas Tote', count: 4, price: [29, 45], weight: 400, cats: ['home', 'bags'], colours: 2,
    desc: 'Heavy waxed-canvas tote with leather handles.' },
  { name: 'Cast Iron Skillet', count: 2, price: [39, 69], weight: 2600, cats: ['home', 'kitchen'], dims: ['8 in', '10 in', '12 in'],
    desc: 'Pre-seasoned cast iron that goes from campfire to oven.' },
  { name: 'Insulated Tumbler', count: 4, price: [28, 38], weight: 340, cats: ['home', 'kitchen'], colours: 3,
    desc: 'Double-wall vacuum tumbler that keeps coffee hot for 6 hours.' },
  { name: 'Linen Pillow Cover', count: 3, price: [34, 48], weight: 250, cats: ['home', 'textiles'], colours: 3,
    desc: 'Stonewashed linen cover, 20 x 20 inches, hidden zip.' },
  { name: 'Backpacking Tent', count: 4, price: [249, 449], weight: 1900, cats: ['outdoor', 'camping', 'tents'], dims: ['2-Person', '3-Person'],
    desc: 'Freestanding double-wall tent with two doors and two vestibules.' },
  { name: 'Family Camping Tent', count: 2, price: [329, 499], weight: 8200, cats: ['outdoor', 'camping', 'tents'], dims: ['4-Person', '6-Person'],
    desc: 'Tall, roomy cabin tent with a full-coverage rainfly.' },
  { name: 'Sleeping Bag', count: 4, price: [149, 329], weight: 1200, cats: ['outdoor', 'camping'], dims: ['Regular', 'Long'],
    desc: 'Mummy bag with a draft collar; EN-tested comfort rating.' },
  { name: 'Sleeping Pad', count: 3, price: [79, 159], weight: 500, cats: ['outdoor', 'camping'], dims: ['Regular', 'Wide'],
    desc: 'Insulated air pad that packs to the size of a water bottle.' },
  { name: 'Daypack 22L', count: 4, price: [79, 119], weight: 700, cats: ['outdoor', 'packs'], colours: 2,
    desc: 'Ventilated back panel, hydration sleeve and a stretch front pocket.' },
  { name: 'Backpacking Pack 55L', count: 3, price: [199, 279], weight: 1600, cats: ['outdoor', 'packs'], dims: ['S/M', 'M/L'],
    desc: 'Adjustable torso, load lifters and a removable lid.' },
  { name: 'Headlamp', count: 3, price: [29, 69], weight: 90, cats: ['outdoor', 'lighting'], colours: 2,
    desc: 'Rechargeable 400-lumen headlamp with red night mode.' },
  { name: 'Water Bottle 1L', count: 4, price: [19, 39], weight: 200, cats: ['outdoor', 'hydration'], colours: 3,
    desc: 'BPA-free bottle with a leakproof loop cap.' },
  { name: 'Trekking Poles', count: 2, price: [89, 149], weight: 500, cats: ['outdoor'], dims: ['Aluminum', 'Carbon'],
    desc: 'Collapsible poles with cork grips and flick locks.' },
  { name: 'Camp Stove', count: 2, price: [49, 119], weight: 400, cats: ['outdoor', 'camping', 'kitchen'],
    desc: 'Compact canister stove that boils a litre in under four minutes.' },
  { name: 'Camp Chair', count: 3, price: [59, 129], weight: 1100, cats: ['outdoor', 'camping'], colours: 2,
    desc: 'Packable chair with a breathable mesh seat.' },
  { name: 'Hammock', count: 2, price: [59, 89], weight: 600, cats: ['outdoor', 'camping'], colours: 2,
    desc: 'Parachute-nylon hammock with tree-friendly straps.' },
  { name: 'Bandana', count: 3, price: [12, 18], weight: 40, cats: ['apparel', 'accessories'], colours: 3,
    desc: 'Cotton bandana, 22 inches square: sun shade, sweat rag, napkin.' },
  { name: 'Leather Belt', count: 3, price: [45, 69], weight: 200, cats: ['apparel', 'accessories'], sizes: ['S', 'M', 'L'],
    desc: 'Full-grain leather belt with a solid brass buckle.' },
  { name: 'Polarized Sunglasses', count: 3, price: [59, 99], weight: 40, cats: ['accessories', 'outdoor'], colours: 2,
    desc: 'Polarized lenses with full UV400 protection in a recycled frame.' },
  { name: 'Dry Bag', count: 3, price: [19, 29], weight: 150, cats: ['outdoor', 'paddling'], dims: ['5L', '10L', '20L'],
    desc: 'Roll-top waterproof bag for canoe trips and rainy hikes.' },
  { name: 'First Aid Kit', count: 2, price: [29, 49], weight: 300, cats: ['outdoor', 'safety'],
    desc: 'Trail-ready kit for one to four people, one to four days.' },
  { name: 'Multi-Tool', count: 3, price: [49, 99], weight: 220, cats: ['outdoor', 'tools'],
    desc: 'Sixteen tools in stainless steel, with a 25-year warranty.' },
  { name: 'Camp Towel', count: 3, price: [19, 32], weight: 120, cats: ['outdoor', 'camping'], colours: 2,
    desc: 'Quick-dry microfibre towel that packs to the size of a fist.' },
  { name: 'Whole Bean Coffee', count: 5, price: [14, 22], weight: 370, cats: ['grocery', 'coffee'], tax: 'reduced', dims: ['Whole Bean', 'Ground'],
    desc: 'Small-batch roast, 12 oz bag.' },
  { name: 'Trail Mix', count: 3, price: [7, 12], weight: 300, cats: ['grocery', 'snacks'], tax: 'reduced',
    desc: 'Nuts, seeds and dark chocolate; 10 oz resealable bag.' },
  { name: 'Granola', count: 2, price: [8, 12], weight: 400, cats: ['grocery', 'snacks'], tax: 'reduced',
    desc: 'Oat granola baked with maple syrup; 14 oz.' },
  { name: 'Beef Jerky', count: 2, price: [9, 14], weight: 90, cats: ['grocery', 'snacks'], tax: 'reduced',
    desc: 'Grass-fed beef jerky; 3 oz.' },
  { name: 'Backpacking Meal', count: 4, price: [10, 15], weight: 160, cats: ['grocery', 'camping'], tax: 'reduced',
    desc: 'Freeze-dried two-serving meal: add boiling water and wait ten minutes.' },
];

function variantsFor(type, skuBase, basePrice) {
  const variants = [];
  const add = (title, skuSuffix, priceDelta = 0) => {
    variants.push({ title, sku: `${skuBase}-${skuSuffix}`, price: basePrice + priceDelta });
  };
  if (type.sizes && type.colours) {
    for (const colour of pickSome(COLOURS, type.colours)) {
      for (const size of type.sizes) add(`${colour} / ${size}`, `${code(colour)}-${code(size)}`);
    }
  } else if (type.sizes) {
    for (const size of type.sizes) add(size, code(size));
  } else if (type.colours) {
    for (const colour of pickSome(COLOURS, type.colours)) add(colour, code(colour));
  } else if (type.scents) {
    for (const scent of type.scents) add(scent, code(scent));
  } else if (type.dims) {
    type.dims.forEach((d, i) => add(d, code(d), i * Math.round(basePrice * 0.15 / 100) * 100));
  } else {
    add('', 'STD');
  }
  return variants;
}

function northwindProducts() {
  const products = [];
  const ids = new Set();
  for (const type of TYPES) {
    const series = pickSome(SERIES, type.count);
    for (const s of series) {
      const title = `${s} ${type.name}`;
      const id = slug(title);
      if (ids.has(id)) continue;
      ids.add(id);
      const price = retail(type.price[0], type.price[1]);
      const skuBase = `NW-${code(s).slice(0, 4)}-${code(type.name).replace(/-/g, '').slice(0, 6)}`;
      const onSale = rand() < 0.22;
      const product = {
        id, title, description: type.desc, categories: [...type.cats].sort(),
        variants: variantsFor(type, skuBase, price).map((v) => {
          const variant = { sku: v.sku };
          if (v.title) variant.title = v.title;
          variant.price = v.price;
          if (onSale) variant.compare_at_price = Math.round((v.price * 1.25) / 100) * 100;
          variant.weight_g = type.weight + (v.price - price > 0 ? Math.round(type.weight * 0.3) : 0);
          return variant;
        }),
      };
      if (type.tax) product.tax_category = type.tax;
      products.push(product);
    }
  }
  // Fixed items the demo and the tests rely on by id.
  products.push({
    id: 'limited-brass-lantern', title: 'Limited Edition Brass Lantern', categories: ['home', 'lighting'],
    description: 'A numbered run of 150 solid-brass lanterns. When they are gone, they are gone.',
    variants: [{ sku: 'NW-LTD-LANTERN', price: 18900, weight_g: 1800, max_per_order: 2 }],
  });
  products.push({
    id: 'tidewater-12ft-kayak', title: 'Tidewater 12 ft Touring Kayak', categories: ['outdoor', 'paddling'],
    description: 'Stable rotomolded touring kayak. Oversize: ships by freight, not available for store pickup.',
    variants: ['Sunset Orange', 'Lagoon Teal'].map((c) => ({
      sku: `NW-KAYAK-12-${code(c)}`, title: c, price: 89900, compare_at_price: 99900, weight_g: 27000, pickup_eligible: false,
    })),
  });
  products.push({
    id: 'northwind-gift-card', title: 'Northwind Gift Card', categories: ['gift-cards'], tax_category: 'exempt',
    description: 'Mailed in a recycled-paper sleeve. Gift cards are not taxed.',
    variants: [2500, 5000, 10000].map((amount) => ({ sku: `NW-GIFT-${amount / 100}`, title: `$${amount / 100}`, price: amount, weight_g: 20 })),
  });
  products.push({
    id: 'northwind-basics-tee', title: 'Northwind Basics Tee', categories: ['apparel', 'tees', 'tops'],
    description: 'Our everyday tee, always in stock.',
    variants: ['S', 'M', 'L'].map((size) => ({ sku: `NW-BASIC-TEE-${size}`, title: `White / ${size}`, price: 1800, weight_g: 170 })),
  });
  return products;
}

const NY_HOURS = { mon: [['10:00', '21:00']], tue: [['10:00', '21:00']], wed: [['10:00', '21:00']], thu: [['10:00', '21:00']],
  fri: [['10:00', '21:00']], sat: [['10:00', '21:00']], sun: [['11:00', '19:00']] };
const MALL_HOURS = { mon: [['10:00', '20:00']], tue: [['10:00', '20:00']], wed: [['10:00', '20:00']], thu: [['10:00', '20:00']],
  fri: [['10:00', '21:00']], sat: [['09:00', '21:00']], sun: [['11:00', '18:00']] };
const { sun: _closedSunday, ...NO_SUNDAY } = MALL_HOURS;
const EASTERN = 'EST5EDT,M3.2.0,M11.1.0';

const NW_STORES = [
  { id: 'nyc-soho', name: 'Northwind SoHo', address: '512 Broadway, New York, NY 10012', phone: '+1 212 555 0143', region: 'NY', postal_code: '10012',
    lat_e6: 40723300, lon_e6: -73998600, timezone: EASTERN, hours: NY_HOURS, preparation_minutes: 30, curbside: false, safety_stock: 1 },
  { id: 'nyc-upper-west-side', name: 'Northwind Upper West Side', address: '2150 Broadway, New York, NY 10023', phone: '+1 212 555 0178', region: 'NY',
    postal_code: '10023', lat_e6: 40780200, lon_e6: -73981300, timezone: EASTERN, hours: NY_HOURS, preparation_minutes: 45, curbside: false, safety_stock: 1 },
  { id: 'boston-back-bay', name: 'Northwind Back Bay', address: '699 Boylston St, Boston, MA 02116', phone: '+1 617 555 0120', region: 'MA', postal_code: '02116',
    lat_e6: 42349600, lon_e6: -71080400, timezone: EASTERN, hours: NO_SUNDAY, preparation_minutes: 60, curbside: true, safety_stock: 0 },
  { id: 'philadelphia-center-city', name: 'Northwind Center City', address: '1625 Chestnut St, Philadelphia, PA 19103', phone: '+1 215 555 0166', region: 'PA',
    postal_code: '19103', lat_e6: 39951700, lon_e6: -75168000, timezone: EASTERN, hours: MALL_HOURS, preparation_minutes: 45, curbside: true, safety_stock: 2 },
  { id: 'chicago-river-north', name: 'Northwind River North', address: '600 N Michigan Ave, Chicago, IL 60611', phone: '+1 312 555 0131', region: 'IL',
    postal_code: '60611', lat_e6: 41892500, lon_e6: -87624500, timezone: 'CST6CDT,M3.2.0,M11.1.0', hours: MALL_HOURS, preparation_minutes: 30, curbside: true, safety_stock: 1 },
  { id: 'denver-larimer', name: 'Northwind Larimer Square', address: '1430 Larimer St, Denver, CO 80202', phone: '+1 303 555 0152', region: 'CO',
    postal_code: '80202', lat_e6: 39747900, lon_e6: -104999400, timezone: 'MST7MDT,M3.2.0,M11.1.0', hours: MALL_HOURS, preparation_minutes: 60, curbside: true, safety_stock: 1 },
  { id: 'la-arts-district', name: 'Northwind Arts District', address: '800 E 3rd St, Los Angeles, CA 90013', phone: '+1 213 555 0109', region: 'CA',
    postal_code: '90013', lat_e6: 34045300, lon_e6: -118235100, timezone: 'PST8PDT,M3.2.0,M11.1.0', hours: MALL_HOURS, preparation_minutes: 30, curbside: true, safety_stock: 2 },
  { id: 'seattle-capitol-hill', name: 'Northwind Capitol Hill', address: '1525 11th Ave, Seattle, WA 98122', phone: '+1 206 555 0187', region: 'WA',
    postal_code: '98122', lat_e6: 47614500, lon_e6: -122319600, timezone: 'PST8PDT,M3.2.0,M11.1.0', hours: NY_HOURS, preparation_minutes: 45, curbside: false, safety_stock: 1 },
];

// Centroids (approximate) of the store cities' postal codes and a few
// neighbours, so the widget can find stores from a typed ZIP code.
const NW_POSTAL = [
  ['10001', 40750600, -73997200], ['10012', 40725800, -73998200], ['10023', 40776400, -73982700], ['10036', 40759800, -73990000],
  ['10128', 40781600, -73950300], ['10451', 40820500, -73925100], ['11201', 40694600, -73990300], ['11215', 40662500, -73986800],
  ['07302', 40718000, -74047200], ['02116', 42349700, -71076600], ['02139', 42364000, -71102400], ['02210', 42347800, -71041800],
  ['19103', 39952300, -75174200], ['19104', 39959600, -75196000], ['19147', 39936500, -75154200], ['60611', 41894800, -87620800],
  ['60614', 41922600, -87653200], ['60601', 41885800, -87622600], ['80202', 39752800, -104996500], ['80205', 39758600, -104966500],
  ['80302', 40017500, -105283400], ['90013', 34044700, -118240700], ['90028', 34099700, -118326800], ['90401', 34016400, -118492200],
  ['98122', 47611600, -122304900], ['98101', 47610700, -122334400], ['98109', 47630100, -122344700], ['94103', 37772600, -122409900],
];

const US_HOLIDAYS = [
  // 2026 (July 4 is a Saturday: observed Friday July 3)
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12',
  '2026-11-11', '2026-11-26', '2026-12-25',
  // 2027 (Juneteenth and Christmas fall on Saturdays, July 4 on a Sunday;
  // New Year 2028 is a Saturday: observed Friday 2027-12-31)
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11',
  '2027-11-11', '2027-11-25', '2027-12-24', '2027-12-31',
];

const EAST_REGIONS = ['AL', 'CT', 'DC', 'DE', 'FL', 'GA', 'IL', 'IN', 'KY', 'MA', 'MD', 'ME', 'MI', 'NC', 'NH', 'NJ', 'NY', 'OH',
  'PA', 'RI', 'SC', 'TN', 'VA', 'VT', 'WI', 'WV'];
const WEST_REGIONS = ['AZ', 'CA', 'CO', 'ID', 'NM', 'NV', 'OR', 'UT', 'WA'];

function northwindShipping(skus) {
  const warehouseStock = (share, lo, hi) => {
    const stock = {};
    for (const sku of skus) if (rand() < share) stock[sku] = randInt(lo, hi);
    return stock;
  };
  const east = warehouseStock(0.92, 15, 400);
  const west = warehouseStock(0.8, 10, 250);
  // The limited lantern is sold from stores only; basics are always deep in stock.
  delete east['NW-LTD-LANTERN'];
  delete west['NW-LTD-LANTERN'];
  for (const size of ['S', 'M', 'L']) { east[`NW-BASIC-TEE-${size}`] = 5000; west[`NW-BASIC-TEE-${size}`] = 2000; }
  for (const amount of [25, 50, 100]) { east[`NW-GIFT-${amount}`] = 100000; }
  return {
    calendar: { weekend: ['sat', 'sun'], holidays: US_HOLIDAYS },
    warehouses: [
      { id: 'wh-east', timezone: EASTERN, cutoff: '14:00', handling_days: 0, stock: sortObject(east) },
      { id: 'wh-west', timezone: 'PST8PDT,M3.2.0,M11.1.0', cutoff: '13:00', handling_days: 1, stock: sortObject(west) },
    ],
    methods: [
      { id: 'standard', name: 'Standard', warehouse: 'wh-east', zones: [{ country: 'US' }],
        weight_rates: [{ max_weight_g: 1000, price: 599 }, { max_weight_g: 5000, price: 899 }, { max_weight_g: 20000, price: 1499 },
          { max_weight_g: 40000, price: 4999 }],
        free_over: 7500, transit_days: { min: 3, max: 5 } },
      { id: 'express', name: 'Express', warehouse: 'wh-east', zones: [{ country: 'US' }],
        weight_rates: [{ max_weight_g: 1000, price: 1499 }, { max_weight_g: 5000, price: 1999 }, { max_weight_g: 20000, price: 3499 }],
        transit_days: { min: 1, max: 2 } },
      { id: 'next-day', name: 'Next-Day', warehouse: 'wh-east', zones: [{ country: 'US', regions: EAST_REGIONS }],
        weight_rates: [{ max_weight_g: 2000, price: 2499 }, { max_weight_g: 10000, price: 3999 }],
        transit_days: { min: 1, max: 1 } },
      { id: 'next-day-west', name: 'Next-Day', warehouse: 'wh-west', zones: [{ country: 'US', regions: WEST_REGIONS }],
        weight_rates: [{ max_weight_g: 2000, price: 2499 }, { max_weight_g: 10000, price: 3999 }],
        transit_days: { min: 1, max: 1 } },
    ],
  };
}

// Combined state + typical local rates; groceries at the reduced rate
// (0 where food is exempt), and the city rates by postal prefix.
const NW_TAX_RULES = [
  { id: 'us-ca', name: 'CA sales tax', country: 'US', region: 'CA', rate: '7.25', reduced_rate: '0' },
  { id: 'us-ca-la', name: 'Los Angeles sales tax', country: 'US', region: 'CA', postal_prefix: '900', rate: '9.5', reduced_rate: '0' },
  { id: 'us-co', name: 'CO sales tax', country: 'US', region: 'CO', rate: '2.9', reduced_rate: '0' },
  { id: 'us-co-denver', name: 'Denver sales tax', country: 'US', region: 'CO', postal_prefix: '802', rate: '8.81', reduced_rate: '4.81' },
  { id: 'us-il', name: 'IL sales tax', country: 'US', region: 'IL', rate: '6.25', reduced_rate: '1' },
  { id: 'us-il-chicago', name: 'Chicago sales tax', country: 'US', region: 'IL', postal_prefix: '606', rate: '10.25', reduced_rate: '2.25' },
  { id: 'us-ma', name: 'MA sales tax', country: 'US', region: 'MA', rate: '6.25', reduced_rate: '0' },
  { id: 'us-ny', name: 'NY sales tax', country: 'US', region: 'NY', rate: '8', reduced_rate: '0', shipping_taxable: true },
  ...['100', '101', '102', '103', '104'].map((prefix) => ({
    id: `us-ny-nyc-${prefix}`, name: 'NYC sales tax', country: 'US', region: 'NY', postal_prefix: prefix, rate: '8.875',
    reduced_rate: '0', shipping_taxable: true })),
  { id: 'us-pa', name: 'PA sales tax', country: 'US', region: 'PA', rate: '6', reduced_rate: '0' },
  { id: 'us-pa-philadelphia', name: 'Philadelphia sales tax', country: 'US', region: 'PA', postal_prefix: '191', rate: '8', reduced_rate: '0' },
  { id: 'us-wa', name: 'WA sales tax', country: 'US', region: 'WA', rate: '6.5', reduced_rate: '0', shipping_taxable: true },
  { id: 'us-wa-seattle', name: 'Seattle sales tax', country: 'US', region: 'WA', postal_prefix: '981', rate: '10.35', reduced_rate: '0',
    shipping_taxable: true },
];

const NW_PROMOTIONS = [
  { id: 'welcome10', title: '10% off your first order', codes: ['WELCOME10'], priority: 30, usage_limit_per_customer: 1,
    effect: { type: 'percent_off', percent: '10' } },
  { id: 'save20', title: '$20 off orders over $100', codes: ['SAVE20'], priority: 40, conditions: { min_subtotal: 10000 },
    effect: { type: 'amount_off', amount: 2000, per: 'order' } },
  { id: 'freeship', title: 'Free standard shipping', codes: ['FREESHIP'], priority: 50,
    effect: { type: 'free_shipping', methods: ['standard'], countries: ['US'] } },
  { id: 'socks-3-for-2', title: 'Socks: buy 2, get 1 free', priority: 10, target: { categories: ['socks'] },
    effect: { type: 'buy_x_get_y', buy: 2, get: 1 } },
  { id: 'spend-and-save', title: 'Spend more, save more', priority: 60,
    effect: { type: 'tiered', basis: 'subtotal', tiers: [{ threshold: 20000, amount: 1500 }, { threshold: 40000, amount: 4000 },
      { threshold: 75000, amount: 10000 }] } },
  { id: 'footwear-15', title: '15% off all footwear', priority: 20, valid_from: '2026-01-01T00:00:00Z', target: { categories: ['footwear'] },
    effect: { type: 'percent_off', percent: '15' } },
  { id: 'vip25', title: 'VIP night: 25% off everything', codes: ['VIP25'], priority: 5, combination: 'exclusive',
    effect: { type: 'percent_off', percent: '25' } },
  { id: 'summer15', title: 'Summer sale 15% off', codes: ['SUMMER15'], priority: 25, valid_from: '2026-06-01T00:00:00-04:00',
    valid_until: '2026-09-08T00:00:00-04:00', effect: { type: 'percent_off', percent: '15' } },
  { id: 'onetime50', title: '$50 off, one use only', codes: ['ONETIME50'], priority: 45, usage_limit: 1,
    conditions: { min_subtotal: 5000 }, effect: { type: 'amount_off', amount: 5000 } },
  { id: 'instore5', title: '$5 off in store', codes: ['INSTORE5'], priority: 70, channels: ['store'],
    effect: { type: 'amount_off', amount: 500 } },
  { id: 'coffee-club', title: 'Coffee club: any bag $12.99', codes: ['COFFEECLUB'], priority: 15, target: { categories: ['coffee'] },
    effect: { type: 'fixed_price', price: 1299 } },
  { id: 'launch-100', title: 'Launch week: $10 off (first 100 orders)', codes: ['LAUNCH10'], priority: 55, usage_limit: 100,
    effect: { type: 'amount_off', amount: 1000 } },
];

function northwind() {
  const products = northwindProducts();
  const skus = products.flatMap((p) => p.variants.map((v) => v.sku)).sort();
  const shipping = northwindShipping(skus);
  const stores = NW_STORES.map((s) => {
    const stock = {};
    for (const sku of skus) {
      if (sku.startsWith('NW-KAYAK') || sku.startsWith('NW-GIFT') || sku === 'NW-LTD-LANTERN') continue;
      if (rand() < 0.72) stock[sku] = rand() < 0.12 ? 0 : randInt(1, 14);
    }
    for (const size of ['S', 'M', 'L']) stock[`NW-BASIC-TEE-${size}`] = 250;
    // Five numbered lanterns in Back Bay (no safety stock), two in SoHo.
    if (s.id === 'boston-back-bay') stock['NW-LTD-LANTERN'] = 5;
    if (s.id === 'nyc-soho') stock['NW-LTD-LANTERN'] = 2;
    // Ready orders wait a week for the shopper, then go back on sale.
    return { ...s, country: 'US', hold_days: 7, stock: sortObject(stock) };
  }).map(({ id, name, address, phone, country, region, postal_code, lat_e6, lon_e6, timezone, hours, preparation_minutes,
    curbside, safety_stock, hold_days, stock }) => ({ id, name, address, phone, country, region, postal_code, lat_e6, lon_e6,
    timezone, hours, preparation_minutes, curbside, safety_stock, hold_days, stock }));
  return {
    merchant: 'Northwind Outfitters',
    version: 'northwind-2026.11',
    currency: 'USD',
    prices_include_tax: false,
    rounding: { mode: 'half_even', tax_calculation: 'per_line' },
    products,
    promotions: NW_PROMOTIONS,
    tax_rules: NW_TAX_RULES,
    shipping,
    stores,
    postal_codes: NW_POSTAL.map(([postal_code, lat_e6, lon_e6]) => ({ country: 'US', postal_code, lat_e6, lon_e6 })),
  };
}

// ---------------------------------------------------------------- Hafen & Co.

const CET = 'CET-1CEST,M3.5.0,M10.5.0/3';
const DE_HOURS = { mon: [['10:00', '19:00']], tue: [['10:00', '19:00']], wed: [['10:00', '19:00']], thu: [['10:00', '19:00']],
  fri: [['10:00', '20:00']], sat: [['10:00', '18:00']] };
const DE_HOLIDAYS = [
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-10-03', '2027-12-25', '2027-12-26',
];

function hafen() {
  const r = prng(4917);
  const between = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const items = [
    ['kaffee-hafenroestung', 'Hafenröstung Espresso', ['kaffee', 'lebensmittel'], 'reduced', 1490, 500, ['Ganze Bohne', 'Gemahlen']],
    ['kaffee-elbfilter', 'Elbe Filterkaffee', ['kaffee', 'lebensmittel'], 'reduced', 1290, 500, ['Ganze Bohne', 'Gemahlen']],
    ['tee-friesen', 'Ostfriesische Teemischung', ['tee', 'lebensmittel'], 'reduced', 890, 250, []],
    ['honig-heide', 'Heidehonig', ['lebensmittel'], 'reduced', 990, 500, []],
    ['marzipan-brot', 'Marzipanbrot', ['lebensmittel', 'suessigkeiten'], 'reduced', 590, 200, []],
    ['buch-hafenkochbuch', 'Das Hafenkochbuch', ['buecher'], 'reduced', 3400, 900, []],
    ['buch-seekarten', 'Alte Seekarten (Bildband)', ['buecher'], 'reduced', 4900, 1400, []],
    ['becher-steingut', 'Steingutbecher', ['kueche'], null, 2200, 380, ['Sand', 'Nordseeblau', 'Anthrazit']],
    ['kanne-emaille', 'Emaille-Kaffeekanne', ['kueche'], null, 5900, 900, ['Weiß', 'Rot']],
    ['decke-wolle', 'Wolldecke Fischgrat', ['wohnen'], null, 12900, 1600, ['Grau', 'Ocker']],
    ['kissen-leinen', 'Leinenkissen', ['wohnen'], null, 3900, 400, ['Natur', 'Salbei']],
    ['kerze-bienenwachs', 'Bienenwachskerze', ['wohnen'], null, 1490, 300, ['Klein', 'Groß']],
    ['friesennerz', 'Friesennerz Regenjacke', ['bekleidung'], null, 8900, 700, ['S', 'M', 'L', 'XL']],
    ['fischerpullover', 'Fischerpullover', ['bekleidung'], null, 11900, 900, ['S', 'M', 'L', 'XL']],
    ['muetze-matrosen', 'Matrosenmütze', ['bekleidung'], null, 2900, 100, ['Marine', 'Rot']],
    ['tasche-segeltuch', 'Segeltuchtasche', ['taschen'], null, 6900, 700, []],
    ['laterne-sturm', 'Sturmlaterne', ['wohnen'], null, 4500, 1100, ['Zink', 'Messing']],
    ['gutschein', 'Geschenkgutschein', ['gutscheine'], 'exempt', 2500, 10, ['25 €', '50 €']],
  ];
  const products = items.map(([id, title, categories, tax, price, weight, variantTitles]) => {
    const base = `HC-${code(id).slice(0, 14)}`;
    const variants = (variantTitles.length ? variantTitles : ['']).map((vt, i) => {
      const v = { sku: vt ? `${base}-${code(vt.replace('ß', 'SS').replace('ö', 'OE').replace('ü', 'UE').replace('€', 'EUR').replace('ä', 'AE'))}` : base };
      if (vt) v.title = vt;
      v.price = id === 'gutschein' ? (i === 0 ? 2500 : 5000) : price;
      v.weight_g = weight;
      return v;
    });
    const p = { id, title, categories: [...categories].sort(), variants };
    if (tax) p.tax_category = tax;
    return p;
  });
  const skus = products.flatMap((p) => p.variants.map((v) => v.sku)).sort();
  const stockFor = (lo, hi, share) => sortObject(Object.fromEntries(skus.filter(() => r() < share).map((s) => [s, between(lo, hi)])));
  return {
    merchant: 'Hafen & Co.',
    version: 'hafen-2026.11',
    currency: 'EUR',
    prices_include_tax: true,
    rounding: { mode: 'half_even', tax_calculation: 'per_order' },
    products,
    promotions: [
      { id: 'willkommen10', title: '10 % Willkommensrabatt', codes: ['WILLKOMMEN10'], usage_limit_per_customer: 1, priority: 10,
        effect: { type: 'percent_off', percent: '10' } },
      { id: 'kaffee-3-fuer-2', title: 'Kaffee: 3 für 2', priority: 5, target: { categories: ['kaffee'] },
        effect: { type: 'buy_x_get_y', buy: 2, get: 1 } },
      { id: 'versandfrei', title: 'Versandkostenfrei', codes: ['VERSANDFREI'], priority: 20,
        effect: { type: 'free_shipping', countries: ['DE'] } },
    ],
    tax_rules: [
      { id: 'de', name: 'MwSt.', country: 'DE', rate: '19', reduced_rate: '7', shipping_taxable: true },
    ],
    shipping: {
      calendar: { weekend: ['sat', 'sun'], holidays: DE_HOLIDAYS },
      warehouses: [{ id: 'lager-hamburg', timezone: CET, cutoff: '15:00', handling_days: 0, stock: stockFor(20, 300, 1) }],
      methods: [
        { id: 'dhl-paket', name: 'DHL Paket', warehouse: 'lager-hamburg', zones: [{ country: 'DE' }],
          weight_rates: [{ max_weight_g: 2000, price: 490 }, { max_weight_g: 10000, price: 690 }, { max_weight_g: 31500, price: 1190 }],
          free_over: 5000, transit_days: { min: 1, max: 3 } },
        { id: 'dhl-express', name: 'DHL Express', warehouse: 'lager-hamburg', zones: [{ country: 'DE' }],
          weight_rates: [{ max_weight_g: 5000, price: 1490 }, { max_weight_g: 20000, price: 2490 }], transit_days: { min: 1, max: 1 } },
        { id: 'eu-paket', name: 'EU-Paket', warehouse: 'lager-hamburg',
          zones: ['AT', 'BE', 'DK', 'FR', 'NL'].map((country) => ({ country })),
          weight_rates: [{ max_weight_g: 5000, price: 1290 }, { max_weight_g: 20000, price: 1990 }], transit_days: { min: 3, max: 6 } },
      ],
    },
    stores: [
      { id: 'hamburg-speicherstadt', name: 'Hafen & Co. Speicherstadt', address: 'Am Sandtorkai 23, 20457 Hamburg', phone: '+49 40 5555 0123', country: 'DE',
        region: 'HH', postal_code: '20457', lat_e6: 53543600, lon_e6: 9990600, timezone: CET, hours: DE_HOURS,
        preparation_minutes: 30, curbside: false, safety_stock: 1, stock: stockFor(0, 12, 0.9) },
      { id: 'berlin-mitte', name: 'Hafen & Co. Mitte', address: 'Alte Schönhauser Str. 12, 10119 Berlin', phone: '+49 30 5555 0145', country: 'DE', region: 'BE',
        postal_code: '10119', lat_e6: 52526700, lon_e6: 13407600, timezone: CET, hours: DE_HOURS, preparation_minutes: 45,
        curbside: false, safety_stock: 1, stock: stockFor(0, 10, 0.8) },
    ],
    postal_codes: [['20457', 53541200, 9987000], ['20095', 53551100, 10000300], ['22767', 53550000, 9935000],
      ['10119', 52530400, 13405800], ['10115', 52532700, 13384600], ['10997', 52500700, 13434800], ['80331', 48136200, 11575000]]
      .map(([postal_code, lat_e6, lon_e6]) => ({ country: 'DE', postal_code, lat_e6, lon_e6 })),
  };
}

// ---------------------------------------------------------------- output

const outputs = [
  ['server-stub/data/demo/catalog.json', northwind()],
  ['server-stub/data/vat-demo/catalog.json', hafen()],
];
// The catalog's text, every location's stock in the compact form
// (docs/formats.md "stock": units in the catalog's SKU order, null for a SKU
// the location does not list), each such array on one line: about half the
// bytes of {sku: units} for these catalogs, raw and gzip (docs/benchmarks.md).
function catalogText(catalog) {
  const skus = catalog.products.flatMap((p) => p.variants.map((v) => v.sku));
  const arrays = [];
  const compact = (location) => {
    if (!location.stock) return location;
    const units = skus.map((sku) => location.stock[sku] ?? null);
    while (units.length && units[units.length - 1] === null) units.pop();
    arrays.push(JSON.stringify(units));
    return { ...location, stock: `@@stock ${arrays.length - 1}@@` };
  };
  const out = { ...catalog, stores: catalog.stores.map(compact) };
  out.shipping = { ...catalog.shipping, warehouses: catalog.shipping.warehouses.map(compact) };
  return JSON.stringify(out, null, 1).replace(/"@@stock (\d+)@@"/g, (_, i) => arrays[Number(i)]) + '\n';
}

const check = process.argv.includes('--check');
let stale = false;
for (const [relative, catalog] of outputs) {
  const path = join(repo, relative);
  const text = catalogText(catalog);
  if (check) {
    let current = '';
    try { current = readFileSync(path, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) { console.error(`${relative} is not what tools/gen-demo-data.mjs generates`); stale = true; }
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  const skus = catalog.products.reduce((n, p) => n + p.variants.length, 0);
  console.log(`${relative}: ${catalog.products.length} products, ${skus} SKUs, ${catalog.stores.length} stores, ` +
    `${catalog.promotions.length} promotions, ${text.length} bytes`);
}
if (stale) process.exit(1);
