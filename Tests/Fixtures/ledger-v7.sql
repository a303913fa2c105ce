PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1: event log');
INSERT INTO grdb_migrations VALUES('v1: projections');
INSERT INTO grdb_migrations VALUES('v2: amendment families and ticker ranks');
INSERT INTO grdb_migrations VALUES('v3: leaner projection indexes');
INSERT INTO grdb_migrations VALUES('v4: amendment candidates by amendment');
INSERT INTO grdb_migrations VALUES('v5: event type check without an IN list');
INSERT INTO grdb_migrations VALUES('v6: writer lookups in filing order');
INSERT INTO grdb_migrations VALUES('v7: line identity and underlying amounts');
CREATE TABLE event (
  seq INTEGER PRIMARY KEY CHECK (seq > 0),
  type TEXT NOT NULL CHECK (type = 'FilingRecorded' OR type = 'RowReported' OR type = 'FilingDated' OR type = 'FilingDeduplicated' OR type = 'AmendmentResolved'),
  filing TEXT NOT NULL CHECK (filing <> ''),
  payload TEXT NOT NULL,
  hash BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;
INSERT INTO event VALUES(1,'FilingRecorded','content-bd177d3fd5335679','{"contentKey":"bd177d3fd5335679326e1a511e0e497f5bb05ad7cd13c4a43a32e9f1a3917749","document":{"documentType":"4","footnotes":[{"id":"F1","text":"The option will vest as to 25% of the shares on 04/06/2005. The remaining shares will then vest in equal monthly installments over the following thirty-six months."}],"issuer":{"issuerName":"SONUS NETWORKS INC","issuerTradingSymbol":"SONSE"},"notSubjectToSection16":false,"ownerSignatures":[{"signatureDate":"2004-04-29","signatureName":"/s/ Charles J. Gray, Attorney-infact for Mr. Bert Notini"}],"periodOfReport":"2004-04-06","reportingOwners":[{"reportingOwnerAddress":{"rptOwnerCity":"CHELMSFORD","rptOwnerState":"MA","rptOwnerStreet1":"C/O SONUS NETWORKS, INC.","rptOwnerStreet2":"250 APOLLO DRIVE","rptOwnerZipCode":"01824"},"reportingOwnerId":{"rptOwnerName":"NOTINI ALBERT A"},"reportingOwnerRelationship":{"isDirector":false,"isOfficer":true,"isOther":false,"isTenPercentOwner":false,"officerTitle":"President & COO"}}]},"documentSha256":"16aed4609bd0a524e181ffd02f1a12f16d9830c1598d8c2ffcb311dc64ae8d52","filedAt":"2004-04-29","filedAtEstimated":true,"filing":"content-bd177d3fd5335679","rowCount":1,"source":{"format":"filing-json","name":"000_3e622c2d1d9abf8c.json","sha256":"d9d740f64deb32c817d1147e5c532841933ab4146763d57fd131992dd4d216c9"}}',X'c2bd317e0157d0a3c2b27263c59933a2e8ae9698e235012027452e834c05f66a');
INSERT INTO event VALUES(2,'RowReported','content-bd177d3fd5335679','{"index":0,"kind":"transaction","row":{"conversionOrExercisePrice":"3.99","exerciseDate":{"footnoteIds":["F1"]},"expirationDate":"2014-04-06","ownershipNature":{"directOrIndirectOwnership":"D"},"postTransactionAmounts":{"sharesOwnedFollowingTransaction":"2450000"},"securityTitle":"Employee Stock Option (right to buy)","transactionAmounts":{"transactionAcquiredDisposedCode":"A","transactionPricePerShare":"0","transactionShares":"2450000"},"transactionCoding":{"transactionCode":"A","transactionFormType":"4"},"transactionDate":"2004-04-06","underlyingSecurity":{"underlyingSecurityShares":"2450000","underlyingSecurityTitle":"Common Stock"}},"table":"derivative"}',X'c158ed7f27e519765df6cb88ca9d9de7be648a4a75c2ee0eb788ded045597eff');
INSERT INTO event VALUES(3,'FilingRecorded','0000000001-24-000100','{"contentKey":"c70b2cdfd76d1fa1b9227569c3755ccecfa2374378c00915325cd472cb76674e","document":{"accessionNumber":"0000000001-24-000100","documentType":"4","filedAt":"2024-03-05","footnotes":[{"id":"F1","text":"Weighted average price; the shares were bought in several trades between $12.40 and $12.60."},{"id":"F2","text":"The option vests in four equal annual installments beginning 2025-03-01."}],"issuer":{"issuerCik":"0000012345","issuerName":"ACME CORP","issuerTradingSymbol":"ACME"},"ownerSignatures":[{"signatureDate":"2024-03-05","signatureName":"/s/ Jane Doe"}],"periodOfReport":"2024-03-01","reportingOwners":[{"reportingOwnerId":{"rptOwnerCik":"0000000777","rptOwnerName":"DOE JANE"},"reportingOwnerRelationship":{"isOfficer":true,"officerTitle":"Chief Financial Officer"}}]},"documentSha256":"767336ee73bca178887c00160467303cec14bfe019634caaee21f81f9965234f","filedAt":"2024-03-05","filedAtEstimated":false,"filing":"0000000001-24-000100","rowCount":2,"source":{"format":"filing-json","name":"acme-2024-03-05.form4.json","sha256":"90699b5a28905502ce998acd15f2e6f2e4143c80ce6d6c6698b2cd51a0d2fcf5"}}',X'eb47b589c74460341209ef83f5fe4ce97035c19e53016813615745f3cd835629');
INSERT INTO event VALUES(4,'RowReported','0000000001-24-000100','{"index":0,"kind":"transaction","row":{"ownershipNature":{"directOrIndirectOwnership":"D"},"postTransactionAmounts":{"sharesOwnedFollowingTransaction":"11000"},"securityTitle":"Common Stock","transactionAmounts":{"transactionAcquiredDisposedCode":"A","transactionPricePerShare":{"footnoteIds":["F1"],"value":"12.5"},"transactionShares":"1000"},"transactionCoding":{"equitySwapInvolved":false,"transactionCode":"P","transactionFormType":"4"},"transactionDate":"2024-03-01"},"table":"nonDerivative"}',X'6c9efe2b27ca2777e2852644ecee273dbacc4900317e662b4e0edaab8d8aba3d');
INSERT INTO event VALUES(5,'RowReported','0000000001-24-000100','{"index":0,"kind":"transaction","row":{"conversionOrExercisePrice":"12.5","exerciseDate":{"footnoteIds":["F2"]},"expirationDate":"2034-03-01","ownershipNature":{"directOrIndirectOwnership":"D"},"postTransactionAmounts":{"sharesOwnedFollowingTransaction":"10000"},"securityTitle":"Stock Option (right to buy)","transactionAmounts":{"transactionAcquiredDisposedCode":"A","transactionPricePerShare":"0","transactionShares":"10000"},"transactionCoding":{"equitySwapInvolved":false,"transactionCode":"A","transactionFormType":"4"},"transactionDate":"2024-03-01","underlyingSecurity":{"underlyingSecurityShares":"10000","underlyingSecurityTitle":"Common Stock"}},"table":"derivative"}',X'2ef10342ec170292760d0d7f1a50f43b1188e28bafbcb43e0790788170b84afa');
INSERT INTO event VALUES(6,'FilingRecorded','0000000001-24-000200','{"contentKey":"cf5eebab42e7391515d23b8f748c6fa1e6f0b7169958894faac06ae8e41d1c6c","document":{"accessionNumber":"0000000001-24-000200","dateOfOriginalSubmission":"2024-03-05","documentType":"4/A","filedAt":"2024-03-20","footnotes":[{"id":"F1","text":"Weighted average price; the shares were bought in several trades between $12.40 and $12.60."},{"id":"F2","text":"The option vests in four equal annual installments beginning 2025-03-01."}],"issuer":{"issuerCik":"0000012345","issuerName":"ACME CORP","issuerTradingSymbol":"ACME"},"ownerSignatures":[{"signatureDate":"2024-03-20","signatureName":"/s/ Jane Doe"}],"periodOfReport":"2024-03-01","remarks":"This amendment corrects the number of options granted, misstated as 10,000 on the original filing. Table I is repeated unchanged.","reportingOwners":[{"reportingOwnerId":{"rptOwnerCik":"0000000777","rptOwnerName":"DOE JANE"},"reportingOwnerRelationship":{"isOfficer":true,"officerTitle":"Chief Financial Officer"}}]},"documentSha256":"4c55626fdad98676c79238e4b5e19712ec0838d519954be74c34625f9b405f6e","filedAt":"2024-03-20","filedAtEstimated":false,"filing":"0000000001-24-000200","rowCount":2,"source":{"format":"filing-json","name":"acme-2024-03-20.form4A.json","sha256":"7f7275f8a91c07be75d839b91a69d4623490ca90e7dea36ea496c1a787589283"}}',X'315f060160685c304fba91720da1301c093f0fc1db7438e9b50640371acf819d');
INSERT INTO event VALUES(7,'RowReported','0000000001-24-000200','{"index":0,"kind":"transaction","row":{"ownershipNature":{"directOrIndirectOwnership":"D"},"postTransactionAmounts":{"sharesOwnedFollowingTransaction":"11000"},"securityTitle":"Common Stock","transactionAmounts":{"transactionAcquiredDisposedCode":"A","transactionPricePerShare":{"footnoteIds":["F1"],"value":"12.5"},"transactionShares":"1000"},"transactionCoding":{"equitySwapInvolved":false,"transactionCode":"P","transactionFormType":"4"},"transactionDate":"2024-03-01"},"table":"nonDerivative"}',X'21e864f6d8cd57267690824ad834e82c4a4f4dc22289dde41b8d52fd506434d3');
INSERT INTO event VALUES(8,'RowReported','0000000001-24-000200','{"index":0,"kind":"transaction","row":{"conversionOrExercisePrice":"12.5","exerciseDate":{"footnoteIds":["F2"]},"expirationDate":"2034-03-01","ownershipNature":{"directOrIndirectOwnership":"D"},"postTransactionAmounts":{"sharesOwnedFollowingTransaction":"12000"},"securityTitle":"Stock Option (right to buy)","transactionAmounts":{"transactionAcquiredDisposedCode":"A","transactionPricePerShare":"0","transactionShares":"12000"},"transactionCoding":{"equitySwapInvolved":false,"transactionCode":"A","transactionFormType":"4"},"transactionDate":"2024-03-01","underlyingSecurity":{"underlyingSecurityShares":"12000","underlyingSecurityTitle":"Common Stock"}},"table":"derivative"}',X'db967681667949c90a835ba6d61ddae005768b60ad5e77b93c6dfb7757e4e07c');
INSERT INTO event VALUES(9,'AmendmentResolved','0000000001-24-000200','{"amendment":"0000000001-24-000200","candidates":[{"filedAt":"2024-03-05","filing":"0000000001-24-000100","form":"4"}],"method":"exact-date","original":"0000000001-24-000100","reason":"the only Form 4 of these owners at this issuer filed on 2024-03-05","status":"linked"}',X'5bfc4b127165f3c6a9a6c43a66d00729a4c82435adf314ce914dc39edc066220');
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  cik TEXT UNIQUE CHECK (cik IS NULL OR length(cik) = 10),
  name TEXT NOT NULL,
  name_rank TEXT NOT NULL
) STRICT;
INSERT INTO person VALUES(1,NULL,'NOTINI ALBERT A','2004-04-29 content-bd177d3fd5335679');
INSERT INTO person VALUES(2,'0000000777','DOE JANE','2024-03-20 0000000001-24-000200');
CREATE TABLE person_name (
  person_id INTEGER NOT NULL REFERENCES person(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  PRIMARY KEY (person_id, name)
) STRICT, WITHOUT ROWID;
INSERT INTO person_name VALUES(1,'NOTINI ALBERT A','A ALBERT NOTINI');
INSERT INTO person_name VALUES(2,'DOE JANE','DOE JANE');
CREATE TABLE issuer (
  id INTEGER PRIMARY KEY,
  cik TEXT UNIQUE CHECK (cik IS NULL OR length(cik) = 10),
  name TEXT NOT NULL,
  ticker TEXT,
  name_rank TEXT NOT NULL,
  ticker_rank TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO issuer VALUES(1,NULL,'SONUS NETWORKS INC','SONSE','2004-04-29 content-bd177d3fd5335679','2004-04-29 content-bd177d3fd5335679');
INSERT INTO issuer VALUES(2,'0000012345','ACME CORP','ACME','2024-03-20 0000000001-24-000200','2024-03-20 0000000001-24-000200');
CREATE TABLE issuer_alias (
  kind TEXT NOT NULL CHECK (kind IN ('name', 'ticker')),
  key TEXT NOT NULL,
  issuer_id INTEGER NOT NULL REFERENCES issuer(id),
  PRIMARY KEY (kind, key, issuer_id)
) STRICT, WITHOUT ROWID;
INSERT INTO issuer_alias VALUES('name','ACME CORP',2);
INSERT INTO issuer_alias VALUES('name','SONUS NETWORKS INC',1);
INSERT INTO issuer_alias VALUES('ticker','ACME',2);
INSERT INTO issuer_alias VALUES('ticker','SONSE',1);
CREATE TABLE filing (
  id INTEGER PRIMARY KEY,
  filing TEXT NOT NULL UNIQUE,
  accession TEXT CHECK (accession IS NULL OR accession = filing),
  content_key TEXT NOT NULL,
  content_id INTEGER NOT NULL,
  document_hash TEXT NOT NULL,
  source_name TEXT NOT NULL,
  form TEXT NOT NULL,
  period TEXT NOT NULL,
  original_date TEXT,
  amends TEXT,
  filed_at TEXT NOT NULL,
  filed_estimated INTEGER NOT NULL CHECK (filed_estimated IN (0, 1)),
  issuer_id INTEGER NOT NULL REFERENCES issuer(id),
  owner_group TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  table1_rows INTEGER NOT NULL DEFAULT 0,
  table2_rows INTEGER NOT NULL DEFAULT 0,
  in_family INTEGER NOT NULL DEFAULT 0 CHECK (in_family IN (0, 1)),
  duplicate_of INTEGER REFERENCES filing(id)
) STRICT;
INSERT INTO filing VALUES(1,'content-bd177d3fd5335679',NULL,'bd177d3fd5335679326e1a511e0e497f5bb05ad7cd13c4a43a32e9f1a3917749',851593556921628007,'16aed4609bd0a524e181ffd02f1a12f16d9830c1598d8c2ffcb311dc64ae8d52','000_3e622c2d1d9abf8c.json','4','2004-04-06',NULL,NULL,'2004-04-29',1,1,'1',1,1,0,1,0,NULL);
INSERT INTO filing VALUES(2,'0000000001-24-000100','0000000001-24-000100','c70b2cdfd76d1fa1b9227569c3755ccecfa2374378c00915325cd472cb76674e',896412923637191162,'767336ee73bca178887c00160467303cec14bfe019634caaee21f81f9965234f','acme-2024-03-05.form4.json','4','2024-03-01',NULL,NULL,'2024-03-05',0,2,'2',3,2,1,1,1,NULL);
INSERT INTO filing VALUES(3,'0000000001-24-000200','0000000001-24-000200','cf5eebab42e7391515d23b8f748c6fa1e6f0b7169958894faac06ae8e41d1c6c',933914983403516817,'4c55626fdad98676c79238e4b5e19712ec0838d519954be74c34625f9b405f6e','acme-2024-03-20.form4A.json','4/A','2024-03-01','2024-03-05',NULL,'2024-03-20',0,2,'2',6,2,1,1,1,NULL);
CREATE TABLE filing_owner (
  filing_id INTEGER NOT NULL REFERENCES filing(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (filing_id, person_id)
) STRICT, WITHOUT ROWID;
INSERT INTO filing_owner VALUES(1,1,0);
INSERT INTO filing_owner VALUES(2,2,0);
INSERT INTO filing_owner VALUES(3,2,0);
CREATE TABLE amendment (
  filing_id INTEGER PRIMARY KEY REFERENCES filing(id),
  status TEXT NOT NULL CHECK (status IN ('linked', 'pending', 'ambiguous')),
  method TEXT,
  original_id INTEGER REFERENCES filing(id),
  candidates TEXT NOT NULL,
  reason TEXT NOT NULL,
  event_seq INTEGER NOT NULL
) STRICT;
INSERT INTO amendment VALUES(3,'linked','exact-date',2,'[{"filedAt":"2024-03-05","filing":"0000000001-24-000100","form":"4"}]','the only Form 4 of these owners at this issuer filed on 2024-03-05',9);
CREATE TABLE amendment_candidate (
  candidate_id INTEGER NOT NULL REFERENCES filing(id),
  amendment_id INTEGER NOT NULL REFERENCES filing(id),
  PRIMARY KEY (candidate_id, amendment_id)
) STRICT, WITHOUT ROWID;
INSERT INTO amendment_candidate VALUES(2,3);
CREATE TABLE line (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  issuer_id INTEGER NOT NULL REFERENCES issuer(id),
  owner_group TEXT NOT NULL,
  derivative INTEGER NOT NULL CHECK (derivative IN (0, 1)),
  unit TEXT NOT NULL CHECK (unit IN ('shares', 'value')),
  ownership TEXT NOT NULL CHECK (ownership IN ('D', 'I')),
  nature TEXT NOT NULL,
  security TEXT NOT NULL,
  exercise_price TEXT,
  expiration_date TEXT,
  underlying TEXT,
  title_rank TEXT NOT NULL
) STRICT;
INSERT INTO line VALUES(1,'112sharesDemployee stock option (right to buy)3.992014-04-06',1,'1',1,'shares','D','','Employee Stock Option (right to buy)','3.99','2014-04-06','Common Stock','2004-04-29 content-bd177d3fd5335679 2000000');
INSERT INTO line VALUES(2,'221sharesDcommon stock',2,'2',0,'shares','D','','Common Stock',NULL,NULL,NULL,'2024-03-20 0000000001-24-000200 0000000');
INSERT INTO line VALUES(3,'222sharesDstock option (right to buy)12.52034-03-01',2,'2',1,'shares','D','','Stock Option (right to buy)','12.5','2034-03-01','Common Stock','2024-03-20 0000000001-24-000200 2000000');
CREATE TABLE line_owner (
  person_id INTEGER NOT NULL REFERENCES person(id),
  line_id INTEGER NOT NULL REFERENCES line(id),
  PRIMARY KEY (person_id, line_id)
) STRICT, WITHOUT ROWID;
INSERT INTO line_owner VALUES(1,1);
INSERT INTO line_owner VALUES(2,2);
INSERT INTO line_owner VALUES(2,3);
CREATE TABLE entry (
  id INTEGER PRIMARY KEY,
  line_id INTEGER NOT NULL REFERENCES line(id),
  filing_id INTEGER NOT NULL REFERENCES filing(id),
  event_seq INTEGER NOT NULL,
  valid_date TEXT NOT NULL,
  filed_at TEXT NOT NULL,
  filing TEXT NOT NULL,
  row_order INTEGER NOT NULL,
  table_kind TEXT NOT NULL CHECK (table_kind IN ('nonDerivative', 'derivative')),
  row_kind TEXT NOT NULL CHECK (row_kind IN ('transaction', 'holding')),
  code TEXT,
  acquired_disposed TEXT CHECK (acquired_disposed IN ('A', 'D')),
  amount TEXT,
  delta TEXT,
  post TEXT,
  price TEXT,
  underlying_amount TEXT
) STRICT;
INSERT INTO entry VALUES(1,1,1,2,'2004-04-06','2004-04-29','content-bd177d3fd5335679',2000000,'derivative','transaction','A','A','2450000','2450000','2450000','0','2450000');
INSERT INTO entry VALUES(2,2,2,4,'2024-03-01','2024-03-05','0000000001-24-000100',0,'nonDerivative','transaction','P','A','1000','1000','11000','12.5',NULL);
INSERT INTO entry VALUES(3,3,2,5,'2024-03-01','2024-03-05','0000000001-24-000100',2000000,'derivative','transaction','A','A','10000','10000','10000','0','10000');
INSERT INTO entry VALUES(4,2,3,7,'2024-03-01','2024-03-20','0000000001-24-000200',0,'nonDerivative','transaction','P','A','1000','1000','11000','12.5',NULL);
INSERT INTO entry VALUES(5,3,3,8,'2024-03-01','2024-03-20','0000000001-24-000200',2000000,'derivative','transaction','A','A','12000','12000','12000','0','12000');
CREATE INDEX person_name_by_key ON person_name(name_key);
CREATE INDEX filing_by_content ON filing(content_id);
CREATE INDEX filing_by_issuer_filed ON filing(issuer_id, owner_group, filed_at);
CREATE INDEX filing_by_original ON filing(issuer_id, owner_group, original_date) WHERE original_date IS NOT NULL;
CREATE INDEX filing_by_amends ON filing(amends) WHERE amends IS NOT NULL;
CREATE INDEX filing_owner_by_person ON filing_owner(person_id);
CREATE INDEX amendment_by_original ON amendment(original_id) WHERE original_id IS NOT NULL;
CREATE INDEX entry_by_line ON entry(line_id, valid_date, filed_at, filing, row_order);
CREATE INDEX entry_by_filing ON entry(filing_id);
CREATE INDEX amendment_candidate_by_amendment ON amendment_candidate(amendment_id);
CREATE INDEX filing_by_filed ON filing(filed_at, issuer_id, owner_group);
CREATE INDEX filing_unaccessioned_by_content ON filing(content_id) WHERE accession IS NULL;
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE is refused'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE is refused'); END;
CREATE TRIGGER event_contiguous BEFORE INSERT ON event
WHEN NEW.seq IS NOT (SELECT IFNULL(MAX(seq), 0) + 1 FROM event)
BEGIN SELECT RAISE(ABORT, 'event sequence numbers must follow the last one'); END;
COMMIT;
