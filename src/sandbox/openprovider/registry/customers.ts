import { type Customer, globToRegExp } from './model';
import { ERR } from './errors';
import { RegistryState } from './state';

/** Customers (contact handles): search, create, update (swagger customer*). */
export abstract class CustomerLayer extends RegistryState {
  /** GET /customers: case-insensitive patterns with '*' wildcards; newest last (by id). */
  searchCustomers(filter: {
    email?: string;
    lastName?: string;
    firstName?: string;
    companyName?: string;
    handle?: string;
  }): Customer[] {
    const tests: Array<[RegExp, (c: Customer) => string]> = [];
    const field = (c: Customer, path: string[]): string => {
      let v: unknown = c.data;
      for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      return typeof v === 'string' ? v : '';
    };
    if (filter.email) tests.push([globToRegExp(filter.email), (c) => field(c, ['email'])]);
    if (filter.lastName) tests.push([globToRegExp(filter.lastName), (c) => field(c, ['name', 'last_name'])]);
    if (filter.firstName) tests.push([globToRegExp(filter.firstName), (c) => field(c, ['name', 'first_name'])]);
    if (filter.companyName) tests.push([globToRegExp(filter.companyName), (c) => field(c, ['company_name'])]);
    if (filter.handle) tests.push([globToRegExp(filter.handle), (c) => c.handle]);
    return [...this.customers.values()]
      .filter((c) => tests.every(([re, get]) => re.test(get(c))))
      .sort((a, b) => a.id - b.id);
  }

  /** POST /customers: handle = two initials, six digits, dash, country (XX123456-CC) */
  createCustomer(
    data: Record<string, unknown> & {
      name: { first_name: string; last_name: string } & Record<string, unknown>;
      address: { country: string } & Record<string, unknown>;
    },
  ): Customer {
    const initials = (data.name.first_name.charAt(0) + data.name.last_name.charAt(0))
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, 'X')
      .toUpperCase()
      .padEnd(2, 'X');
    const handle = `${initials}${String(this.nextCustomerNumber++).padStart(6, '0')}-${data.address.country.toUpperCase()}`;
    const customer: Customer = { handle, id: this.nextCustomerNumber, data, createdAt: this.now() };
    this.customers.set(handle, customer);
    return customer;
  }

  updateCustomer(handle: string, change: Record<string, unknown>): Customer {
    const customer = this.customer(handle);
    if (!customer) throw ERR.handleNotFound(handle);
    customer.data = { ...customer.data, ...change };
    return customer;
  }
}
