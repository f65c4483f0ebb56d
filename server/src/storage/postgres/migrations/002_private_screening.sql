-- [J16] The facilitator screens waiting private cards before the reveal: a hidden card is left
-- off the board, and a merged one records the waiting card it duplicates.
ALTER TABLE private_cards ADD COLUMN hidden boolean NOT NULL DEFAULT false;
ALTER TABLE private_cards ADD COLUMN merged_into text;
