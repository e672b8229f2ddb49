#!/usr/bin/env node
// Generates the example's seed CSVs deterministically (fixed PRNG seed, dates
// relative to a fixed "as of" date), so every run produces byte-identical
// files and tests can rely on exact counts. The deliberate data faults listed
// in README.md are injected at the end, after the clean data is built, so it
// stays obvious which rows are wrong and why.
//
//   node examples/shop/scripts/make_seeds.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'seeds');
const AS_OF = Date.UTC(2024, 5, 30, 6, 0, 0); // 2024-06-30 06:00 UTC: when the "loader" last ran
const DAY = 86_400_000;

// mulberry32: tiny, deterministic, good enough for fake data.
let state = 20240630;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(random() * xs.length)];

const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const isoTimestamp = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function writeCsv(name, header, rows) {
  const lines = [header.join(','), ...rows.map((r) => header.map((h) => csvField(r[h])).join(','))];
  writeFileSync(join(SEEDS_DIR, `${name}.csv`), lines.join('\n') + '\n');
  return rows.length;
}

// ------------------------------------------------------------------ customers
const FIRST = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomasz', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zeno'];
const LAST = ['Almeida', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Horvat', 'Ivanova', 'Jensen', 'Kowalski', "O'Brien", 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka'];
const DOMAINS = ['example.com', 'mail.example.org', 'shop.example.net'];

const customers = [];
for (let id = 1; id <= 40; id++) {
  const first = pick(FIRST);
  const last = pick(LAST);
  const created = AS_OF - int(60, 400) * DAY - int(0, 86_399) * 1000;
  customers.push({
    id,
    first_name: first,
    last_name: last,
    email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${id}@${pick(DOMAINS)}`,
    created_at: isoTimestamp(created),
    _loaded_at: isoTimestamp(AS_OF - int(1, 3) * 3_600_000),
  });
}

// ------------------------------------------------------------------- products
const PRODUCTS = [
  ['Espresso beans 1kg', 'coffee', 2490], ['Filter beans 500g', 'coffee', 1390], ['Decaf beans 500g', 'coffee', 1490],
  ['Pour-over kettle', 'equipment', 5900], ['Burr grinder', 'equipment', 12900], ['Paper filters (100)', 'equipment', 590],
  ['Ceramic mug', 'merch', 1500], ['Tote bag, "Daily Grind"', 'merch', 1200], ['Sencha 100g', 'tea', 990],
  ['Earl Grey 100g', 'tea', 890], ['Gift card 25', 'gift', 2500], ['Descaler', 'equipment', 790],
];
const products = PRODUCTS.map(([name, category, price], i) => ({
  id: i + 1, name, category, price, _loaded_at: isoTimestamp(AS_OF - 26 * 3_600_000),
}));

// ------------------------------------------------- orders, items and payments
const STATUSES = ['placed', 'shipped', 'completed', 'completed', 'completed', 'returned', 'return_pending'];
const METHODS = ['credit_card', 'credit_card', 'credit_card', 'bank_transfer', 'gift_card'];
const orders = [];
const items = [];
const payments = [];
for (let id = 1; id <= 100; id++) {
  const placed = AS_OF - int(0, 180) * DAY - int(0, 86_399) * 1000;
  const order = { id, customer_id: int(1, customers.length), order_date: isoDate(placed), status: pick(STATUSES), _loaded_at: isoTimestamp(AS_OF - int(0, 5) * 3_600_000) };
  orders.push(order);
  let total = 0;
  for (let n = int(1, 3); n > 0; n--) {
    const product = pick(products);
    const quantity = int(1, 3);
    items.push({ id: items.length + 1, order_id: id, product_id: product.id, quantity });
    total += product.price * quantity;
  }
  const paidAt = isoTimestamp(placed + int(60, 3600) * 1000);
  // One in five orders redeems a coupon for part of the amount.
  if (random() < 0.2) {
    const coupon = Math.min(total, 500 * int(1, 4));
    payments.push({ id: 0, order_id: id, payment_method: 'coupon', amount: coupon, created_at: paidAt });
    total -= coupon;
  }
  if (total > 0) payments.push({ id: 0, order_id: id, payment_method: pick(METHODS), amount: total, created_at: paidAt });
}
payments.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.order_id - b.order_id));
payments.forEach((p, i) => {
  p.id = i + 1;
  p._loaded_at = isoTimestamp(AS_OF - int(0, 2) * 3_600_000);
});

// ------------------------------------------------------------ deliberate faults
// 1. Customer 17 signed up without an email (not_null on stg_customers.email).
customers[16].email = null;
// 2. Order 42 has status 'lost', which the shop does not know (accepted_values on stg_orders.status).
orders[41].status = 'lost';
// 3. The only payment of one order was keyed in with the wrong sign (accepted_range on
//    stg_payments.amount_cents; the singular test on orders.amount fails too).
const DUPLICATED_PAYMENT_IDS = [12, 57];
const onlyPayment = payments.find(
  (p) => p.id > 60 && !DUPLICATED_PAYMENT_IDS.includes(p.id) && payments.filter((q) => q.order_id === p.order_id).length === 1,
);
onlyPayment.amount = -onlyPayment.amount;
// 4. At-least-once delivery: payments 12 and 57 arrived twice (unique on stg_payments.payment_id).
for (const id of [...DUPLICATED_PAYMENT_IDS].reverse()) {
  const at = payments.findIndex((p) => p.id === id);
  payments.splice(at + 1, 0, { ...payments[at] });
}
// 5. An order item points at product 99, which was never in the catalogue (relationships on stg_order_items.product_id).
items[70].product_id = 99;

const counts = {
  raw_customers: writeCsv('raw_customers', ['id', 'first_name', 'last_name', 'email', 'created_at', '_loaded_at'], customers),
  raw_products: writeCsv('raw_products', ['id', 'name', 'category', 'price', '_loaded_at'], products),
  raw_orders: writeCsv('raw_orders', ['id', 'customer_id', 'order_date', 'status', '_loaded_at'], orders),
  raw_order_items: writeCsv('raw_order_items', ['id', 'order_id', 'product_id', 'quantity'], items),
  raw_payments: writeCsv('raw_payments', ['id', 'order_id', 'payment_method', 'amount', 'created_at', '_loaded_at'], payments),
};
console.log(JSON.stringify({ ...counts, negativePayment: { id: onlyPayment.id, order_id: onlyPayment.order_id } }));
