select
    id as product_id,
    name as product_name,
    category,
    price as price_cents
from {{ source('raw', 'products') }}
