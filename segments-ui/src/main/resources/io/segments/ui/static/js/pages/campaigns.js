/**
 * The campaign pages: the composer of a new campaign or of a draft opened again
 * (`#/segments/{id}/campaigns/new`, `#/campaigns/{id}/edit`), a campaign's page
 * (`#/campaigns/{id}`) and the list of every campaign (`#/campaigns`).
 */
export { composerPage } from './composer.js';
export { campaignPage } from './campaign.js';
export { campaignListPage } from './campaign-list.js';
