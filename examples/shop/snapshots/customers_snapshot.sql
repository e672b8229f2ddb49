{% snapshot customers_snapshot %}

{{
    config(
        unique_key='customer_id',
        strategy='check',
        check_cols=['first_name', 'last_name', 'email'],
    )
}}

select customer_id, first_name, last_name, email from {{ ref('stg_customers') }}

{% endsnapshot %}
