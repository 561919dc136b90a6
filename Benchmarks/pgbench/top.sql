-- The first page of GET /v1/campaigns/{slug}/proposals?sort=top and its exact count, as
-- the service sends them, without HTTP.
SELECT p.id, p.campaign_id, c.slug, u.slug, p.title, p.body, cat.slug, a.slug, p.cost_cents, p.location::text,
       p.author_id, acc.display_name, p.channel, p.moderation_status, p.withdrawn_at, p.merged_into,
       p.lifecycle_status, coalesce(ru.slug, u.slug), p.created_at, pc.supports, pc.comments, pc.supports::text
FROM proposals p JOIN campaigns c ON c.id = p.campaign_id JOIN organization_units u ON u.id = c.unit_id
JOIN proposal_counters pc ON pc.proposal_id = p.id
LEFT JOIN categories cat ON cat.id = p.category_id LEFT JOIN budget_areas a ON a.id = p.area_id
LEFT JOIN accounts acc ON acc.id = p.author_id LEFT JOIN organization_units ru ON ru.id = p.responsible_unit_id
WHERE p.campaign_id = ':campaign'::uuid AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL
ORDER BY pc.supports DESC, p.id LIMIT 21;
SELECT count(*)::int FROM proposals p WHERE p.campaign_id = ':campaign'::uuid AND p.moderation_status = 'published' AND p.withdrawn_at IS NULL;
