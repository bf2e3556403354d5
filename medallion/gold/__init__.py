"""Gold: business entities rebuilt per case from Silver (DOMAIN 4).

`promote.promote_gold` is the entry point. It loads the case's Silver rows (`silver_inputs`)
and the reference tables (`reference`), runs one builder per table family (`employment`,
`household`, `income`, `assets`, `expenses`, `projections`, `balances`, `csed`, `flags`, and
last `resolution`, which reads the rows the others built), and replaces the case's Gold rows in
one transaction.
"""
