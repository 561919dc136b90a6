-- The first page of GET /v1/campaigns/{slug}/proposals?sort=top and its exact count, as
-- the service sends them (the page chosen off the counters' index, then joined; the count
-- kept per campaign), without HTTP.
WITH page AS MATERIALIZED (
    SELECT id, sort_key, row_number() OVER () AS position FROM (
        SELECT p.id, pc.supports::text AS sort_key FROM proposals p JOIN proposal_counters pc ON pc.proposal_id = p.id
        WHERE p.campaign_id = :campaign::uuid AND pc.campaign_id = :campaign::uuid
          AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
        ORDER BY (- pc.supports), pc.proposal_id LIMIT 21) chosen)
SELECT p.id, p.campaign_id, c.slug, u.slug, p.title, p.body, cat.slug, a.slug, p.cost_cents, p.location::text,
       p.author_id, acc.display_name, p.channel, p.moderation_status, p.withdrawn_at, p.merged_into,
       p.lifecycle_status, coalesce(ru.slug, u.slug), p.created_at, pc.supports, pc.comments, pc.pro, pc.contra, page.sort_key
FROM page JOIN proposals p ON p.id = page.id JOIN campaigns c ON c.id = p.campaign_id JOIN organization_units u ON u.id = c.unit_id
JOIN proposal_counters pc ON pc.proposal_id = p.id
LEFT JOIN categories cat ON cat.id = p.category_id LEFT JOIN budget_areas a ON a.id = p.area_id
LEFT JOIN accounts acc ON acc.id = p.author_id LEFT JOIN organization_units ru ON ru.id = p.responsible_unit_id
ORDER BY page.position;
SELECT coalesce((SELECT listed FROM campaign_listing_counts WHERE campaign_id = :campaign::uuid), 0)::int;
