with items as (

    select * from {{ ref('stg_order_items') }}

),

products as (

    select * from {{ ref('stg_products') }}

),

orders as (

    select * from {{ ref('stg_orders') }}

)

select
    items.order_item_id,
    items.order_id,
    orders.order_date,
    items.product_id,
    products.product_name,
    products.category,
    items.quantity,
    {{ cents_to_dollars('products.price_cents') }} as unit_price,
    {{ cents_to_dollars('products.price_cents * items.quantity') }} as line_total
from items
inner join orders
    on items.order_id = orders.order_id
left join products
    on items.product_id = products.product_id
