import { makeInn, makeOgrn } from '#shared/domain/inn';

/** A registry CSV of `count` generated organizations, with the bad rows the tests expect reported. */
export function registryCsv(count: number, seed = 500_000) {
  const lines = ['inn,ogrn,name,sectors,status,email'];
  const bad: Array<{ line: number; reason: RegExp }> = [];
  for (let index = 0; index < count; index++) {
    const inn = makeInn(seed + index, 'legal');
    const line = lines.length + 1;
    if (index % 1000 === 7) {
      lines.push(
        `${inn.slice(0, 9)}${(Number(inn[9]) + 1) % 10},${makeOgrn(seed + index)},Bad digit ${index},it,ACTIVE,x@example.org`,
      );
      bad.push({ line, reason: /check digit/ });
    } else if (index % 1000 === 8) {
      lines.push(
        `${inn},${makeOgrn(seed + index)},Unknown sector ${index},it;astrology,ACTIVE,x@example.org`,
      );
      bad.push({ line, reason: /unknown sector "astrology"/ });
    } else {
      const sectors = index % 3 === 0 ? 'robotics;it' : 'electronics';
      lines.push(
        `${inn},${makeOgrn(seed + index)},"ООО ""Организация ${index}""",${sectors},${index % 10 === 0 ? 'SUSPENDED' : 'ACTIVE'},org${index}@example.org`,
      );
    }
  }
  // The INN of line 3 again: the second one is refused.
  const duplicated = lines[2]?.split(',')[0] ?? '';
  lines.push(`${duplicated},${makeOgrn(seed)},Duplicate,it,ACTIVE,dup@example.org`);
  bad.push({ line: lines.length, reason: /duplicate: the same INN is on line 3/ });
  return { text: `${lines.join('\n')}\n`, bad, valid: count + 1 - bad.length };
}
