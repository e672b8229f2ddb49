-- Ad-hoc: revenue per month, for the finance team's spreadsheet.
select
    date_trunc('month', order_date) as order_month,
    sum(amount) as revenue
from {{ ref('orders') }}
group by 1
order by 1
