import { applicationQuery, likeLiteral, matching, searchTerms } from './application-search';

const ID = '0b9c3f1e-5d2a-4c7b-9e8f-1a2b3c4d5e6f';

describe('application search', () => {
  describe(searchTerms.name, () => {
    it('finds by a fragment of the name, a prefix of the credit code (in capitals) and, for a uuid, the id', () => {
      expect(searchTerms(' 91350200ma ')).toEqual({ namePattern: '%91350200ma%', codePrefix: '91350200MA%', id: null });
      expect(searchTerms(ID.toUpperCase())).toEqual({ namePattern: `%${ID.toUpperCase()}%`, codePrefix: `${ID.toUpperCase()}%`, id: ID });
    });

    it('says nothing for an empty or blank text', () => {
      expect(searchTerms(undefined)).toBeNull();
      expect(searchTerms('   ')).toBeNull();
    });

    it('takes LIKE wildcards and the escape character literally', () => {
      expect(likeLiteral('100%_a\\b')).toBe('100\\%\\_a\\\\b');
      expect(searchTerms('%')!.namePattern).toBe('%\\%%');
    });
  });

  describe(matching.name, () => {
    it('matches a platform by name and code only, an application by its id as well', () => {
      const terms = searchTerms(ID)!;
      expect(matching('p', terms, false)).toEqual({ sql: '(p.institutionName ILIKE :namePattern OR p.creditCode LIKE :codePrefix)', params: { namePattern: terms.namePattern, codePrefix: terms.codePrefix } });
      expect(matching('a', terms, true).sql).toBe('(a.institutionName ILIKE :namePattern OR a.creditCode LIKE :codePrefix OR a.id = :id)');
      expect(matching('a', terms, true).params['id']).toBe(ID);
      expect(matching('a', searchTerms('厦门')!, true).sql).not.toContain(':id');
    });
  });

  describe(applicationQuery.name, () => {
    it('lists newest first by default, ties broken by the id so pages never overlap', () => {
      const sut = applicationQuery({});
      expect(sut.conditions).toEqual([]);
      expect(sut.orderBy).toEqual([['a.createdAt', 'DESC'], ['a.id', 'ASC']]);
    });

    it('sorts names A to Z and years newest first unless told, then by submission and id', () => {
      expect(applicationQuery({ sort: 'institutionName' }).orderBy).toEqual([['a.institutionName', 'ASC'], ['a.createdAt', 'DESC'], ['a.id', 'ASC']]);
      expect(applicationQuery({ sort: 'callYear' }).orderBy[0]).toEqual(['a.callYear', 'DESC']);
      expect(applicationQuery({ sort: 'callYear', order: 'asc' }).orderBy[0]).toEqual(['a.callYear', 'ASC']);
      expect(applicationQuery({ sort: 'submittedAt', order: 'asc' }).orderBy).toEqual([['a.createdAt', 'ASC'], ['a.id', 'ASC']]);
    });

    it('combines the search, the institution, the year and the ids a stage resolved to', () => {
      const sut = applicationQuery({ q: '厦门', creditCode: '91350200MA8DEM018T', callYear: 2026, ids: [ID] });
      expect(sut.conditions.map((c) => c.sql)).toEqual([
        '(a.institutionName ILIKE :namePattern OR a.creditCode LIKE :codePrefix)',
        'a.creditCode = :creditCode',
        'a.callYear = :callYear',
        'a.id = ANY(CAST(:ids AS uuid[]))',
      ]);
      expect(Object.assign({}, ...sut.conditions.map((c) => c.params))).toEqual({ namePattern: '%厦门%', codePrefix: '厦门%', creditCode: '91350200MA8DEM018T', callYear: 2026, ids: [ID] });
    });
  });
});
