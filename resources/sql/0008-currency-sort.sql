-- 0008-currency-sort.sql: the customer list sorts amounts within a currency.
--
-- Amounts in different currencies cannot be compared (1,000 CLP is not more
-- than 10 MXN), so sorted by an amount the list shows one currency after
-- another, each sorted by amount. It walks one index range per currency:
-- the indexes on the amounts now lead with the currency, so nothing is
-- sorted at run time and each summary keeps the same number of index
-- entries to write. They keep their names, which other code may name.
DROP INDEX debtor_summaries_overdue;
DROP INDEX debtor_summaries_open_balance;
CREATE INDEX debtor_summaries_overdue ON debtor_summaries (currency, overdue_balance);
CREATE INDEX debtor_summaries_open_balance ON debtor_summaries (currency, open_balance);
