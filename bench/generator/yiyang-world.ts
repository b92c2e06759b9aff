import { creditCodeCheckCharacter, residentIdCheckCharacter, type Day } from '#libs/domain';
import type { components } from '#libs/api-client';
import type { Random } from './random.js';

export type Sector = components['schemas']['RegisterEnterpriseDto']['sector'];

/** The counties' industries: mines in Anhua, chemicals in Taojiang and the high-tech zone, and so on. */
export const COUNTY_SECTORS: Record<string, Sector[]> = {
  '430902': ['hazardous_chemicals', 'metal_smelting', 'fireworks'],
  '430903': ['hazardous_chemicals', 'metal_smelting', 'fireworks', 'non_coal_mining'],
  '430921': ['hazardous_chemicals', 'fireworks'],
  '430922': ['hazardous_chemicals', 'non_coal_mining', 'fireworks'],
  '430923': ['non_coal_mining', 'non_coal_mining', 'metal_smelting'],
  '430981': ['hazardous_chemicals', 'fireworks'],
  '430971': ['hazardous_chemicals'],
  '430972': ['hazardous_chemicals', 'metal_smelting'],
};

export const COUNTY_NAMES: Record<string, string> = {
  '430902': '资阳', '430903': '赫山', '430921': '南县', '430922': '桃江', '430923': '安化', '430981': '沅江', '430971': '大通湖', '430972': '高新',
};

const SECTOR_WORDS: Record<string, string[]> = {
  hazardous_chemicals: ['化工有限公司', '精细化工有限公司', '化学品储运有限公司', '新材料化工有限公司'],
  non_coal_mining: ['矿业有限公司', '石料开采有限公司', '锑矿有限公司'],
  metal_smelting: ['冶炼有限公司', '有色金属有限公司', '铝业有限公司'],
  fireworks: ['花炮厂', '烟花制造有限公司', '鞭炮有限公司'],
};

const BRANDS = ['湘益', '资江', '兴达', '恒昌', '鑫源', '宏盛', '华美', '金鹏', '三益', '福瑞', '永盛', '天成', '瑞丰', '昌隆', '泰和', '安源'];

/** Special-operation codes of each sector's posts (特种作业目录). */
export const SECTOR_OPERATIONS: Record<string, string[]> = {
  hazardous_chemicals: ['9.3', '9.4', '9.8', '9.10', '9.14', '9.16', '1.2', '2.1'],
  non_coal_mining: ['6.1', '6.4', '6.6', '6.8', '1.2'],
  metal_smelting: ['8.1', '1.2', '2.1'],
  fireworks: ['10.1', '10.3', '10.4', '10.5'],
};

const POST_TITLES: Record<string, string[]> = {
  hazardous_chemicals: ['反应釜操作工', '化工总控工', '储罐区巡检工', '装卸工'],
  non_coal_mining: ['采掘工', '支护工', '运输工', '选矿工'],
  metal_smelting: ['熔炼工', '浇铸工', '行车工', '炉前工', '煤气工'],
  fireworks: ['装药工', '引线工', '包装工', '仓库保管员'],
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '曾', '彭', '谢', '邓'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '志强', '海燕', '建国', '红梅', '德华', '小平', '国庆'];

export interface EnterpriseSpec {
  name: string;
  creditCode: string;
  sector: Sector;
  subsector?: string;
  countyCode: string;
}

export function enterpriseSpec(random: Random, index: number, countyCode: string): EnterpriseSpec {
  const sector = random.pick(COUNTY_SECTORS[countyCode]!);
  const body = `9143${countyCode.slice(2)}${String(700000000 + index).padStart(9, '0')}`.slice(0, 17);
  return {
    name: `益阳${COUNTY_NAMES[countyCode]}${random.pick(BRANDS)}${random.pick(SECTOR_WORDS[sector]!)}（${index + 1}）`,
    creditCode: body + creditCodeCheckCharacter(body),
    sector,
    ...(sector === 'non_coal_mining' ? { subsector: random.chance(0.6) ? 'underground_metal_nonmetal_mine' : 'open_pit' } : {}),
    countyCode,
  };
}

/** A valid resident ID number (身份证号) born on `birthDate`; `serial` keeps it unique. */
export function idNumber(countyCode: string, birthDate: Day, serial: number): string {
  const body = `${countyCode}${birthDate.replaceAll('-', '')}${String(serial % 1000).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

export const personName = (random: Random): string => random.pick(SURNAMES) + random.pick(GIVEN);
export const postTitle = (random: Random, sector: string): string => random.pick(POST_TITLES[sector]!);
