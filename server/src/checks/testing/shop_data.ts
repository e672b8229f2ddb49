/**
 * A small shop dataset with the faults the example project seeds on purpose:
 * a duplicated payment, a null email, an order with status `lost`, a negative
 * payment and an order item whose product does not exist.
 */
import type { TestWarehouse } from './duckdb_test_warehouse';
import { analysis, node } from './fixtures';
import type { ProjectAnalysis } from '../../analysis/api';

export async function loadShop(w: TestWarehouse): Promise<void> {
  await w.exec(`create table customers(customer_id int, email varchar, country varchar, created_at timestamp)`);
  await w.exec(`insert into customers values
    (1, 'ann@example.com', 'DE', '2024-03-01 08:00'),
    (2, null, 'FR', '2024-03-02 09:00'),
    (3, 'cy@example.com', 'DE', '2024-03-03 10:00'),
    (4, 'dee@example.org', 'US', '2024-03-04 11:00')`);
  await w.exec(`create table orders(order_id int, customer_id int, status varchar, amount decimal(10,2), order_date date, updated_at timestamp)`);
  await w.exec(`insert into orders values
    (100, 1, 'placed', 20.00, '2024-03-10', '2024-03-10 10:00'),
    (101, 2, 'shipped', 35.50, '2024-03-10', '2024-03-10 11:00'),
    (102, 3, 'completed', 12.25, '2024-03-11', '2024-03-11 09:00'),
    (103, 1, 'lost', 50.00, '2024-03-12', '2024-03-12 08:00'),
    (104, 4, 'returned', 80.00, '2024-03-12', '2024-03-12 12:00')`);
  await w.exec(`create table payments(payment_id int, order_id int, amount decimal(10,2))`);
  await w.exec(`insert into payments values (1, 100, 20.00), (2, 101, 35.50), (2, 101, 35.50), (3, 102, -12.25), (4, 103, 50.00), (5, 104, 80.00)`);
  await w.exec(`create table products(product_id int, name varchar)`);
  await w.exec(`insert into products values (1, 'mug'), (2, 'tee')`);
  await w.exec(`create table order_items(order_id int, product_id int, quantity int)`);
  await w.exec(`insert into order_items values (100, 1, 1), (101, 2, 2), (102, 9, 1), (103, 1, 3)`);
  await w.exec(`create schema raw`);
  await w.exec(`create table raw.orders as select order_id, status, amount from orders where order_id <> 104`);
  await w.exec(`update raw.orders set amount = 99 where order_id = 100`);
  await w.exec(`create table raw.customers_rt as select customer_id as id, email from customers`);
}

export function shopAnalysis(): ProjectAnalysis {
  return analysis([
    node({ name: 'customers', columns: ['customer_id', 'email', 'country', 'created_at'] }),
    node({ name: 'orders', columns: ['order_id', 'customer_id', 'status', 'amount', 'order_date', 'updated_at'] }),
    node({ name: 'payments', columns: ['payment_id', 'order_id', 'amount'] }),
    node({ type: 'seed', name: 'products', columns: ['product_id', 'name'] }),
    node({ name: 'order_items', columns: ['order_id', 'product_id', 'quantity'] }),
    node({ type: 'source', source: 'raw', name: 'orders', schema: 'raw', columns: ['order_id', 'status', 'amount'] }),
    node({ type: 'source', source: 'raw', name: 'customers_rt', schema: 'raw', columns: ['id', 'email'] }),
  ]);
}
